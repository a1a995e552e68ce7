// socket.io `/manager` (contract §5): what the service sends to signed-in accounts. The entries are
// those of GET /api/access-events and the enrolment outcome that of GET …/enrolment's `last`.
import type { AccessEventViewBody, EnrolmentResult } from './http/access.js';

export const MANAGER_NAMESPACE = '/manager';

export interface ManagerServerToClientEvents {
  access: (event: AccessEventViewBody) => void;
  alarm: (event: AccessEventViewBody) => void;
  /** Enrolment mode: a badge presented at an armed reader was enrolled, or why not. */
  enrolment: (result: EnrolmentResult) => void;
  error: (error: { message: string }) => void;
}
