// socket.io `/manager` (contract §5): token in the handshake's `auth.token`, checked like the
// API's bearer token. Relays every audit entry as `access`, alarms again as `alarm`, and the
// outcome of enrolment mode as `enrolment`.
import { Logger } from '@nestjs/common';
import { WebSocketGateway, WebSocketServer, type OnGatewayConnection, type OnGatewayInit } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { AuthService } from '../auth/auth.service.js';
import { AccessFeed } from './access-feed.js';
import type { AccessEventView } from './access.types.js';
import { Enrolments, type EnrolmentResult } from './enrolments.js';

export const MANAGER_NAMESPACE = '/manager';

export interface ManagerServerToClientEvents {
  access: (event: AccessEventView) => void;
  alarm: (event: AccessEventView) => void;
  /** Enrolment mode: a badge presented at an armed reader was enrolled, or why not. */
  enrolment: (result: EnrolmentResult) => void;
  error: (error: { message: string }) => void;
}

type ManagerNamespace = Namespace<Record<string, never>, ManagerServerToClientEvents>;
type ManagerSocket = Socket<Record<string, never>, ManagerServerToClientEvents>;

const MANAGERS = 'managers';

@WebSocketGateway({ namespace: MANAGER_NAMESPACE })
export class ManagerGateway implements OnGatewayInit, OnGatewayConnection {
  private readonly logger = new Logger('ManagerSocket');
  @WebSocketServer() private readonly namespace!: ManagerNamespace;

  constructor(
    private readonly auth: AuthService,
    private readonly feed: AccessFeed,
    private readonly enrolments: Enrolments,
  ) {}

  afterInit(): void {
    this.feed.on('access', (event) => this.namespace.to(MANAGERS).emit('access', event));
    this.feed.on('alarm', (event) => this.namespace.to(MANAGERS).emit('alarm', event));
    this.enrolments.onResult((result) => this.namespace.to(MANAGERS).emit('enrolment', result));
  }

  async handleConnection(socket: ManagerSocket): Promise<void> {
    const token: unknown = socket.handshake.auth?.['token'];
    const claims = typeof token === 'string' && token ? await this.auth.verify(token).catch(() => null) : null;
    if (!claims) {
      socket.emit('error', { message: 'A valid manager token is required in auth.token (POST /api/auth/login)' });
      socket.disconnect();
      return;
    }
    await socket.join(MANAGERS);
    this.logger.debug(`Manager ${claims.managerId} connected`);
  }
}
