// socket.io `/wall` (contract §5): public, no personal data. A screen gets the whole picture on
// connect (hence again after each reconnect), then the coalesced changes of its site.
import { Logger } from '@nestjs/common';
import { WebSocketGateway, WebSocketServer, type OnGatewayConnection, type OnGatewayInit } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { ID_PATTERN, WALL_NAMESPACE, type WallServerToClientEvents } from '#protocol';
import { SitesService } from '../sites/sites.service.js';
import { OccupancyService } from './occupancy.service.js';
import { SeatFeed, type SeatBatch } from './seat-feed.js';

type WallNamespace = Namespace<Record<string, never>, WallServerToClientEvents>;
type WallSocket = Socket<Record<string, never>, WallServerToClientEvents>;

const room = (site: string) => `site:${site}`;

@WebSocketGateway({ namespace: WALL_NAMESPACE })
export class WallGateway implements OnGatewayInit, OnGatewayConnection {
  private readonly logger = new Logger('Wall');
  @WebSocketServer() private readonly namespace!: WallNamespace;

  constructor(
    private readonly occupancy: OccupancyService,
    private readonly sites: SitesService,
    private readonly feed: SeatFeed,
  ) {}

  afterInit(): void {
    this.feed.subscribe((batch) => this.relay(batch));
  }

  async handleConnection(socket: WallSocket): Promise<void> {
    const site = this.siteOf(socket.handshake.query['site']);
    if (!site) {
      socket.emit('error', { message: `Site inconnu « ${String(socket.handshake.query['site'])} »` });
      // A namespace disconnect goes out after the error packet, and the client does not retry it.
      socket.disconnect();
      return;
    }
    // Read, then joined and sent in one turn: a batch flushed after the join is newer than what was
    // read (an owner reads its memory in the same turn; a cluster's non-owner, the owner's last snapshot).
    const seats = await this.occupancy.currentSeats(site);
    if (socket.disconnected) return;
    void socket.join(room(site));
    socket.emit('seats', seats);
  }

  private relay(batch: SeatBatch): void {
    const screens = this.namespace.to(room(batch.site));
    for (const seat of batch.seats) screens.emit('seat', seat);
    if (batch.zones) screens.emit('zones', batch.zones);
  }

  /** The handshake's `site`, or the first site when none is given; null for anything unknown. */
  private siteOf(query: string | string[] | undefined): string | null {
    if (query === undefined || query === '') return this.sites.list()[0]?.id ?? null;
    if (typeof query !== 'string' || !ID_PATTERN.test(query)) return null;
    try {
      return this.sites.get(query).id;
    } catch {
      this.logger.debug(`A wall asked for the unknown site "${query}"`);
      return null;
    }
  }
}
