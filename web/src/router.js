// Hash-mode routing: the server serves web/dist as static files, so every console address is /#/…
import { createRouter, createWebHashHistory } from 'vue-router'
import { auth } from './lib/api.js'
import { loadViewer, session } from './lib/session.js'
import { t } from './lib/i18n.js'

const routes = [
  { path: '/login', name: 'login', component: () => import('./views/LoginView.vue'), meta: { public: true, title: 'login.title' } },
  { path: '/', redirect: '/inbox' },
  { path: '/inbox', name: 'inbox', component: () => import('./views/InboxView.vue'), meta: { title: 'nav.inbox' } },
  { path: '/cases', name: 'cases', component: () => import('./views/CaseListView.vue'), meta: { title: 'nav.cases' } },
  { path: '/cases/new', name: 'case-new', component: () => import('./views/NewCaseView.vue'), meta: { title: 'nav.newCase' } },
  { path: '/cases/:id', name: 'case', component: () => import('./views/CaseDetailView.vue'), props: true, meta: { title: 'detail.title' } },
  { path: '/mediators', name: 'mediators', component: () => import('./views/MediatorListView.vue'), meta: { title: 'mediators.menu' } },
  { path: '/mediators/:id', name: 'mediator', component: () => import('./views/MediatorDetailView.vue'), props: true, meta: { title: 'mediators.detailTitle' } },
  { path: '/subsidies', name: 'subsidies', component: () => import('./views/SubsidyView.vue'), meta: { title: 'subsidies.nav' } },
  { path: '/training', name: 'training', component: () => import('./views/TrainingView.vue'), meta: { title: 'nav.training' } },
  { path: '/duty', name: 'duty', component: () => import('./views/DutyView.vue'), meta: { title: 'nav.duty' } },
  { path: '/admin', redirect: '/admin/tenants' },
  {
    path: '/admin/:tab(tenants|users|roles|clients)',
    name: 'admin',
    component: () => import('./views/AdminView.vue'),
    props: true,
    meta: { title: 'nav.admin' },
  },
  { path: '/:rest(.*)*', name: 'not-found', component: () => import('./views/NotFoundView.vue') },
]

export const router = createRouter({ history: createWebHashHistory(), routes })

router.beforeEach(async (to) => {
  if (to.meta.public) return true
  if (!auth.token) return { name: 'login', query: to.fullPath !== '/inbox' ? { redirect: to.fullPath } : {} }
  if (!session.viewer) {
    try {
      await loadViewer()
    } catch {
      return { name: 'login' }
    }
  }
  return true
})

router.afterEach((to) => {
  document.title = to.meta.title ? `${t(to.meta.title)} · ${t('app.short')}` : t('app.name')
})
