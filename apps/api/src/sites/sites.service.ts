import { BadRequestException, ConflictException, Injectable, Logger, NotFoundException, ServiceUnavailableException, type OnModuleInit } from '@nestjs/common';
import type { SeatsSnapshot } from '#protocol';
import { AppConfig } from '../infra/config/app-config.js';
import { loadSiteFiles, sameSite } from './site-file.js';
import { SitesRepository } from './sites.repository.js';
import type { Site } from './site.types.js';

/** The seats body (contract §3), filled by the occupancy feature. */
export type Seats = SeatsSnapshot;
export type SeatsSource = (siteId: string) => Promise<Seats>;

/**
 * A site saved (created or replaced: `previous` set) or removed, already in the database and in
 * `list()`; `origin` `remote`: made through another instance of a cluster and read back here.
 */
export type SitesChange = ({ kind: 'saved'; site: Site; previous?: Site } | { kind: 'removed'; site: Site }) & { origin: 'local' | 'remote' };
/** Awaited before the route answers: what the manager sent is in force once they have the answer. */
export type SitesListener = (change: SitesChange) => void | Promise<void>;
/** What still refers to a site (e.g. `2 appareils : r1, r2`), or null: a referenced site is not deleted. */
export type SiteReferences = (siteId: string) => string | null | Promise<string | null>;

/**
 * Sites as data (docs/site-file.md, "Sites from the API"). At start, every site file is written
 * over the database's row of the same id, then every stored site is loaded, files or not. After
 * that, the manager's routes change them, and `onChange` is the one place the rest of the
 * service (occupancy, and later a cluster's site spread) hears of it.
 */
@Injectable()
export class SitesService implements OnModuleInit {
  private readonly logger = new Logger('Sites');
  private sites = new Map<string, Site>();
  private seatsSource?: SeatsSource;
  private readonly listeners: SitesListener[] = [];
  private readonly references: SiteReferences[] = [];
  /** One change at a time: two managers saving at once apply in order, listeners included. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly config: AppConfig,
    private readonly repository: SitesRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    const stored = await this.repository.list();
    let saved = false;
    for (const site of loadSiteFiles(this.config.sitesDir)) {
      // Unchanged since the last start: rewriting 5,000 desks took seconds of a restart.
      const same = stored.find((row) => row.id === site.id);
      if (!same || !sameSite(same, site)) {
        await this.repository.save(site);
        saved = true;
      }
      this.logger.log(`Site "${site.id}" loaded: ${site.zones.length} zones, ${site.doors.length} doors, ${site.desks.length} desks`);
    }
    this.sites = new Map((saved ? await this.repository.list() : stored).map((site) => [site.id, site]));
  }

  list(): Site[] {
    return [...this.sites.values()];
  }

  /** Whether the site exists now: false from the moment its deletion is announced. */
  has(siteId: string): boolean {
    return this.sites.has(siteId);
  }

  /** The site named, or a 404 naming it. */
  get(siteId: string): Site {
    const site = this.sites.get(siteId);
    if (!site) throw new NotFoundException(`Site inconnu « ${siteId} »`);
    return site;
  }

  /** Public so that any feature (occupancy, a cluster's site spread) follows sites as they change. */
  onChange(listener: SitesListener): void {
    this.listeners.push(listener);
  }

  /** A feature that refers to sites (devices) says what refers to one, so it is not deleted under it. */
  addReferences(references: SiteReferences): void {
    this.references.push(references);
  }

  /** A new site; 409 when the id is taken. */
  create(site: Site): Promise<Site> {
    return this.serial(async () => {
      if (this.sites.has(site.id)) throw new ConflictException(`Le site "${site.id}" existe déjà : PUT /api/sites/${site.id} le remplace`);
      return this.store(site);
    });
  }

  /** The whole definition of a known site, replaced; the body's id must be the path's. */
  replace(siteId: string, site: Site): Promise<Site> {
    return this.serial(async () => {
      if (site.id !== siteId) throw new BadRequestException({ message: 'id invalide', errors: [{ field: 'id', message: `doit être "${siteId}", le site de l’adresse` }] });
      this.get(siteId);
      return this.store(site);
    });
  }

  /** A site file's content, created or replaced by its id. */
  import(site: Site): Promise<{ created: boolean; site: Site }> {
    return this.serial(async () => {
      const created = !this.sites.has(site.id);
      return { created, site: await this.store(site) };
    });
  }

  /** 409 naming what still refers to the site; else gone from the database and from `list()`. */
  remove(siteId: string): Promise<void> {
    return this.serial(async () => {
      const site = this.get(siteId);
      const answers = await Promise.all(this.references.map((references) => references(siteId)));
      const found = answers.filter((text): text is string => Boolean(text));
      if (found.length) throw new ConflictException(`Le site "${siteId}" est encore utilisé par ${found.join(' ; ')}`);
      await this.repository.remove(siteId);
      this.sites.delete(siteId);
      this.logger.log(`Site "${siteId}" deleted`);
      await this.announce({ kind: 'removed', site, origin: 'local' });
    });
  }

  /**
   * Cluster mode: a site as another instance left it in the database (null: deleted), taken into
   * `list()` and announced to the listeners as a change of this instance's own would be.
   */
  follow(siteId: string, stored: Site | null): Promise<void> {
    return this.serial(async () => {
      const previous = this.sites.get(siteId);
      if (!stored) {
        if (!previous) return;
        this.sites.delete(siteId);
        this.logger.log(`Site "${siteId}" deleted by another instance`);
        return this.announce({ kind: 'removed', site: previous, origin: 'remote' });
      }
      this.sites.set(siteId, stored);
      this.logger.log(`Site "${siteId}" ${previous ? 'replaced' : 'created'} by another instance`);
      await this.announce({ kind: 'saved', site: stored, ...(previous ? { previous } : {}), origin: 'remote' });
    });
  }

  /** The occupancy feature plugs its live seats in here (it depends on sites, not the reverse). */
  useSeatsSource(source: SeatsSource): void {
    this.seatsSource = source;
  }

  /** Live seat availability of a known site (in a cluster, as its owner has it). */
  seats(siteId: string): Promise<Seats> {
    this.get(siteId);
    if (!this.seatsSource) throw new ServiceUnavailableException('L’occupation des postes démarre : réessayez dans un instant');
    return this.seatsSource(siteId);
  }

  private async store(site: Site): Promise<Site> {
    await this.repository.save(site);
    const previous = this.sites.get(site.id);
    this.sites.set(site.id, site);
    this.logger.log(`Site "${site.id}" ${previous ? 'replaced' : 'created'}: ${site.zones.length} zones, ${site.doors.length} doors, ${site.desks.length} desks`);
    await this.announce({ kind: 'saved', site, ...(previous ? { previous } : {}), origin: 'local' });
    return site;
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** A failing listener is logged, not thrown: the site is saved and the other listeners still hear of it. */
  private async announce(change: SitesChange): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await listener(change);
      } catch (error) {
        this.logger.error(`A sites listener failed on "${change.site.id}": ${error instanceof Error ? error.stack : error}`);
      }
    }
  }
}
