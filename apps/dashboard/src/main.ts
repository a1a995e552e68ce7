// Placeholder dashboard: shows the service's health. The dashboard issue builds the manager's pages.
interface Health {
  status: 'ok' | 'error';
  checks: Record<string, 'up' | 'down'>;
}

const names: Record<string, string> = { database: 'base de données', broker: 'broker MQTT', timeseries: 'séries temporelles' };

fetch('/health')
  .then((response) => response.json() as Promise<Health>)
  .then((health) => {
    const checks = Object.entries(health.checks).map(([name, state]) => `${names[name] ?? name} : ${state === 'up' ? 'ok' : 'en panne'}`);
    document.getElementById('status')!.textContent = `Service ${health.status === 'ok' ? 'opérationnel' : 'dégradé'} (${checks.join(', ')})`;
  })
  .catch(() => (document.getElementById('status')!.textContent = 'Service injoignable'));
