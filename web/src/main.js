import { createApp } from 'vue'
import ElementPlus, { ElMessage } from 'element-plus'
import 'element-plus/dist/index.css'
import './styles.css'
import App from './App.vue'
import { router } from './router.js'
import { i18n, t } from './lib/i18n.js'
import { hooks } from './lib/api.js'
import { session } from './lib/session.js'

hooks.networkMessage = () => t('common.networkError')
hooks.onUnauthenticated = () => {
  session.viewer = null
  const current = router.currentRoute.value
  if (current.name !== 'login') {
    ElMessage({ type: 'warning', message: t('common.sessionExpired') })
    router.replace({ name: 'login', query: { redirect: current.fullPath } })
  }
}

createApp(App).use(i18n).use(ElementPlus).use(router).mount('#app')
