// Placeholder wall screen: the site's name and its free seats, from the public API.
// The occupancy issue replaces it with the live floor plan over socket.io.
const english = new URLSearchParams(location.search).get('lang') === 'en';
const text = english
  ? { free: 'free seats', detail: (o: number, off: number, t: number) => `${o} occupied · ${off} offline · ${t} desks` }
  : { free: 'places libres', detail: (o: number, off: number, t: number) => `${o} occupées · ${off} hors ligne · ${t} postes` };

interface Seats {
  free: number;
  occupied: number;
  offline: number;
  total: number;
}

async function show(): Promise<void> {
  const site = new URLSearchParams(location.search).get('site') ?? 'quimper';
  const [layout, seats] = await Promise.all([
    fetch(`/api/sites/${site}`).then((r) => r.json() as Promise<{ name: string }>),
    fetch(`/api/sites/${site}/seats`).then((r) => r.json() as Promise<Seats>),
  ]);
  document.documentElement.lang = english ? 'en' : 'fr';
  document.getElementById('site-name')!.textContent = layout.name;
  document.getElementById('free')!.textContent = String(seats.free);
  document.getElementById('free-label')!.textContent = text.free;
  document.getElementById('detail')!.textContent = text.detail(seats.occupied, seats.offline, seats.total);
}

show().catch(() => (document.getElementById('detail')!.textContent = english ? 'Service unreachable' : 'Service injoignable'));
