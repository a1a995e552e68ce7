// socket.io `/manager` (contract §5): token in the handshake's `auth.token`, checked like the
// API's bearer token. Relays every audit entry as `access`, alarms again as `alarm`, and the
// outcome of enrolment mode as `enrolment`. A socket is cut when its token expires or is revoked
// (logout, password change, reset, disabling), like the HTTP API refuses it from then on.
import { Logger, type OnModuleDestroy } from '@nestjs/common';
import { WebSocketGateway, WebSocketServer, type OnGatewayConnection, type OnGatewayDisconnect, type OnGatewayInit } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { AuthService } from '../auth/auth.service.js';
import { AccessFeed } from './access-feed.js';
import { MANAGER_NAMESPACE, type ManagerServerToClientEvents } from '#protocol';
import { Enrolments } from './enrolments.js';

type ManagerNamespace = Namespace<Record<string, never>, ManagerServerToClientEvents>;
type ManagerSocket = Socket<
  Record<string, never>,
  ManagerServerToClientEvents,
  Record<string, never>,
  { token?: string; expiry?: NodeJS.Timeout }
>;

const MANAGERS = 'managers';
// Revocations made elsewhere (`npm run reset-password`, another instance) reach live sockets within
// this period; those made by this process at once. A few managers: a few reads every 5 s.
const RECHECK_MS = 5000;

@WebSocketGateway({ namespace: MANAGER_NAMESPACE })
export class ManagerGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, OnModuleDestroy {
  private readonly logger = new Logger('ManagerSocket');
  @WebSocketServer() private readonly namespace!: ManagerNamespace;
  private stopWatching?: () => void;
  private recheck?: NodeJS.Timeout;

  constructor(
    private readonly auth: AuthService,
    private readonly feed: AccessFeed,
    private readonly enrolments: Enrolments,
  ) {}

  afterInit(): void {
    this.feed.on('access', (event) => this.namespace.to(MANAGERS).emit('access', event));
    this.feed.on('alarm', (event) => this.namespace.to(MANAGERS).emit('alarm', event));
    this.enrolments.onResult((result) => this.namespace.to(MANAGERS).emit('enrolment', result));
    this.stopWatching = this.auth.onRevocation(() => void this.checkTokens());
    this.recheck = setInterval(() => void this.checkTokens(), RECHECK_MS);
    this.recheck.unref();
  }

  onModuleDestroy(): void {
    this.stopWatching?.();
    clearInterval(this.recheck);
  }

  handleDisconnect(socket: ManagerSocket): void {
    clearTimeout(socket.data.expiry);
  }

  /** After a revocation, and every RECHECK_MS: every connected socket's token is checked again, and cut if void. */
  private async checkTokens(): Promise<void> {
    for (const socket of this.namespace.sockets.values() as Iterable<ManagerSocket>) {
      const token = socket.data.token;
      if (!token || !(await this.auth.verify(token).catch(() => null))) this.cut(socket, 'Session terminée : reconnectez-vous');
    }
  }

  private cut(socket: ManagerSocket, message: string): void {
    clearTimeout(socket.data.expiry);
    socket.emit('error', { message });
    socket.disconnect(true);
  }

  async handleConnection(socket: ManagerSocket): Promise<void> {
    const token: unknown = socket.handshake.auth?.['token'];
    const claims = typeof token === 'string' && token ? await this.auth.verify(token).catch(() => null) : null;
    if (!claims) {
      socket.emit('error', { message: 'Connexion requise : un jeton de gérant valide dans auth.token (POST /api/auth/login)' });
      socket.disconnect();
      return;
    }
    socket.data.token = token as string;
    // setTimeout takes at most ~24.8 days; tokens live hours.
    const lifetime = Math.min(claims.expiresAt.getTime() - Date.now(), 2 ** 31 - 1);
    socket.data.expiry = setTimeout(() => this.cut(socket, 'Session expirée : reconnectez-vous'), Math.max(lifetime, 0));
    await socket.join(MANAGERS);
    this.logger.debug(`Manager ${claims.managerId} connected`);
  }
}
