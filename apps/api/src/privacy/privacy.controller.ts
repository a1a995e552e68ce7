import { Controller, Delete, Get, Header, Param, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '../infra/http/openapi-decorators.js';
import { ErasureSchema, MemberExportSchema, type ErasureBody, type MemberExportBody, RecordIdParam } from '#protocol';
import type { ManagerRequest } from '../auth/manager.guard.js';
import { Responds } from '../infra/http/responds.js';
import { PrivacyService } from './privacy.service.js';
import { ZodPipe } from '../infra/http/zod-body.pipe.js';

@ApiTags('privacy')
@Controller('api/members')
export class PrivacyController {
  constructor(private readonly privacy: PrivacyService) {}

  @Get(':id/export')
  @Header('Content-Disposition', 'attachment; filename="cantine-member-data.json"')
  @ApiOperation({ summary: "A member's data as one JSON file (GDPR access and portability)" })
  @Responds(200, MemberExportSchema)
  export(@Param('id', new ZodPipe(RecordIdParam)) memberId: string): Promise<MemberExportBody> {
    return this.privacy.export(memberId);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Erase a member (GDPR): identity, badges and access-log links; accounting records stay anonymous' })
  @Responds(200, ErasureSchema)
  erase(@Param('id', new ZodPipe(RecordIdParam)) memberId: string, @Req() request: ManagerRequest): Promise<ErasureBody> {
    return this.privacy.erase(memberId, request.manager!.managerId);
  }
}
