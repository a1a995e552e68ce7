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

  handleConnection(socket: WallSocket): void {
    const site = this.siteOf(socket.handshake.query['site']);
    if (!site) {
      socket.emit('error', { message: `Unknown site "${String(socket.handshake.query['site'])}"` });
      // A namespace disconnect goes out after the error packet, and the client does not retry it.
      socket.disconnect();
      return;
    }
    // Joined before the snapshot is sent: a batch flushed in between only repeats newer states.
    void socket.join(room(site));
    socket.emit('seats', this.occupancy.seats(site));
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
