"""`concord bench seed`: a large, realistic district for benchmarks, written with COPY as the owner role.

Plain data generation (tenants.py, cases.py) is kept apart from the database writes (seed.py) so that the
shape of the district can be read and tested without a database."""
