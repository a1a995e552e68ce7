// One error body for every failure: `{ message, errors?, correlationId }`, never a stack trace, and
// French like every message a client reads (Nest's and Express' own English sentences included).
import { randomUUID } from 'node:crypto';
import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { ErrorBody } from '#protocol';
import { loggableUrl } from '../logging.js';

export type { ErrorBody };

@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request & { id?: string | number }>();
    const response = http.getResponse<Response>();
    // Requests refused before the logger middleware (e.g. unparseable JSON) have no id yet.
    const correlationId = String(request.id ?? randomUUID());
    const { status, body } = describe(exception);
    if (status >= 500) {
      // The message and stack, not the error object: a database error's parameters may carry a name or a UID.
      const { message, stack } = errorText(exception);
      this.logger.error(`${request.method} ${loggableUrl(request.url)} failed (correlation id ${correlationId}): ${message}`, stack);
    }
    response.status(status).json({ ...body, correlationId } satisfies ErrorBody);
  }
}

/** What the log keeps of a thrown value; a thrown non-Error is named by its type, never `[object Object]`. */
export function errorText(exception: unknown): { message: string; stack: string } {
  if (exception instanceof Error) return { message: exception.message, stack: exception.stack ?? `${exception.name}: ${exception.message}` };
  if (typeof exception !== 'object' || exception === null) return { message: String(exception), stack: `thrown ${typeof exception}: ${String(exception)}` };
  const given = (exception as { message?: unknown }).message;
  const message = typeof given === 'string' ? given : `a thrown ${exception.constructor?.name ?? 'object'} without a message`;
  return { message, stack: `thrown ${exception.constructor?.name ?? 'object'} (not an Error, no stack): ${message}` };
}

function describe(exception: unknown): { status: number; body: Omit<ErrorBody, 'correlationId'> } {
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const raw = exception.getResponse();
    const body = typeof raw === 'string' ? { message: raw } : (raw as { message?: unknown; errors?: ErrorBody['errors'] });
    let message = Array.isArray(body.message) ? body.message.join('; ') : String(body.message ?? exception.message);
    if (status === 400 && exception.cause instanceof SyntaxError) message = NOT_JSON;
    // Nest hands on body-parser's refusals (too large, bad charset) with its English message.
    const parserType = (exception.cause as { type?: unknown } | undefined)?.type;
    if (typeof parserType === 'string') message = parserText(status, parserType);
    // Nest's router answers a path no controller declares with "Cannot GET /api/…".
    const unrouted = status === HttpStatus.NOT_FOUND ? /^Cannot ([A-Z]+) (.+)$/.exec(message) : null;
    if (unrouted) message = `Route inconnue : ${unrouted[1]} ${unrouted[2]}`;
    return { status, body: { message, ...(body.errors ? { errors: body.errors } : {}) } };
  }
  // Errors raised by Express' body parser before Nest routes the request (bad JSON, too large).
  const parserError = exception as { status?: number; type?: string; message?: string };
  if (typeof parserError?.status === 'number' && parserError.status >= 400 && parserError.status < 500) {
    return { status: parserError.status, body: { message: parserText(parserError.status, parserError.type) } };
  }
  return { status: HttpStatus.INTERNAL_SERVER_ERROR, body: { message: 'Erreur interne : le journal du service en donne le détail sous cet identifiant de corrélation' } };
}

const NOT_JSON = 'Le corps de la requête n’est pas du JSON valide';

/** body-parser's refusals (its `type`), its own English message left to the log. */
function parserText(status: number, type: string | undefined): string {
  if (type === 'entity.parse.failed') return NOT_JSON;
  if (type === 'entity.too.large' || status === HttpStatus.PAYLOAD_TOO_LARGE) return 'Le corps de la requête est trop volumineux';
  if (type === 'charset.unsupported' || type === 'encoding.unsupported') return 'Encodage du corps de la requête non pris en charge';
  return 'Requête invalide';
}
