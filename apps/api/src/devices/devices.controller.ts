import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '../infra/http/openapi-decorators.js';
import type { Response } from 'express';
import { DeviceCreateSchema, DeviceUpdateSchema, DeviceViewSchema, ProvisionedDeviceSchema, type DeviceUpdateDto, IdParam } from '#protocol';
import { pageOf, PageQuerySchema, TOTAL_HEADER, type PageQuery } from '../infra/http/pagination.js';
import { Responds } from '../infra/http/responds.js';
import { ZodPipe } from '../infra/http/zod-body.pipe.js';
import { DeviceMonitor } from './device-monitor.js';
import { DeviceProvisioning, type ProvisionedDevice } from './device-provisioning.service.js';
import type { DeviceView } from './device.types.js';
import { z } from 'zod';
import { DeviceLifecycle } from './device-lifecycle.service.js';

@ApiTags('devices')
@Controller('api/devices')
export class DevicesController {
  constructor(
    private readonly provisioning: DeviceProvisioning,
    private readonly monitor: DeviceMonitor,
    private readonly lifecycle: DeviceLifecycle,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Provision a device: returns its MQTT credentials, shown only this once (null for Zigbee2MQTT sensors)' })
  @Responds(201, ProvisionedDeviceSchema)
  provision(@Body(new ZodPipe(DeviceCreateSchema)) body: z.infer<typeof DeviceCreateSchema>): Promise<ProvisionedDevice> {
    return this.provisioning.provision(body);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Move a device to another door or desk, or rename it; its credentials stay' })
  @Responds(200, DeviceViewSchema)
  update(@Param('id', new ZodPipe(IdParam)) id: string, @Body(new ZodPipe(DeviceUpdateSchema)) body: DeviceUpdateDto): Promise<DeviceView> {
    return this.lifecycle.update(id, body);
  }

  @Post(':id/rotate')
  @HttpCode(200)
  @ApiOperation({ summary: 'New MQTT secret, shown only this once; the old one stops working and live sessions are cut at once' })
  @Responds(200, ProvisionedDeviceSchema)
  rotate(@Param('id', new ZodPipe(IdParam)) id: string): Promise<ProvisionedDevice> {
    return this.lifecycle.rotate(id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a device: its broker account and live session are cut at once' })
  delete(@Param('id', new ZodPipe(IdParam)) id: string): Promise<void> {
    return this.lifecycle.delete(id);
  }

  @Get()
  @ApiOperation({ summary: 'Devices with online, lastSeen, battery, fw, rssi and dropped-message counters: ?limit&offset for a page (all without limit); total in X-Total-Count' })
  @Responds(200, z.array(DeviceViewSchema), { [TOTAL_HEADER]: 'Devices in the whole list' })
  list(@Query(new ZodPipe(PageQuerySchema)) page: PageQuery, @Res({ passthrough: true }) response: Response): DeviceView[] {
    return pageOf(this.monitor.views(), page, response);
  }
}
