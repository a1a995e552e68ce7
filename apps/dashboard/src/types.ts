// The JSON the dashboard reads and sends: the API's own zod schemas' types (libs/protocol/src/http,
// also behind /api/docs), never a hand copy. Files, not the '#protocol' barrel: the barrel holds
// Node-only code (signing). Type-only: nothing of zod reaches the bundle.
export type { ErrorBody, FieldError } from '../../../libs/protocol/src/http/errors.js';
export type { LoginBody, PasswordChangeBody, TokenBody } from '../../../libs/protocol/src/http/auth.js';
export type { SeatsSnapshot, SeatUpdate, ZoneSeats } from '../../../libs/protocol/src/wall-events.js';
export type { SiteLayout, CrossChecksBody } from '../../../libs/protocol/src/http/sites.js';
export type { BadgeView, Created, MemberDetail, MemberListItem, MemberView, PassView } from '../../../libs/protocol/src/http/members.js';
export type { MemberHistoryBody } from '../../../libs/protocol/src/http/member-records.js';
export type { BadgeCreateDto, MemberCreateDto, MemberPatchDto, PassCreateDto, PassCancelDto, PassEndDto, PassPatchDto } from '../../../libs/protocol/src/http/member-requests.js';
export type { AccountCreateBody, AccountViewBody as AccountView, NewPasswordBody } from '../../../libs/protocol/src/http/accounts.js';
export type { DeviceViewBody as DeviceView, ProvisionedDeviceBody as ProvisionedDevice } from '../../../libs/protocol/src/http/devices.js';
export type { DeviceCreateDto, DeviceUpdateBody } from '../../../libs/protocol/src/http/device-requests.js';
export type { EnrolmentArmDto, LockdownDto } from '../../../libs/protocol/src/http/access-requests.js';
export type {
  AccessEventViewBody as AccessEvent,
  EnrolmentResult,
  EnrolmentState,
  LockdownStateBody as LockdownState,
  UnlockResultBody as UnlockResult,
} from '../../../libs/protocol/src/http/access.js';
export type { MonthlyStatementBody as MonthlyStatement, TariffsBody as Tariffs } from '../../../libs/protocol/src/http/statements.js';
export type {
  DenialsBody,
  ForecastBody,
  HeatmapBody,
  PeaksBody,
  StaysBody,
  TodayBody,
  UtilisationBody,
} from '../../../libs/protocol/src/http/analytics.js';
