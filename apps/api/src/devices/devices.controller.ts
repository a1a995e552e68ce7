import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ZodPipe } from '../infra/http/zod-body.pipe.js';
import { DeviceMonitor } from './device-monitor.js';
import { DeviceProvisioning, type ProvisionedDevice } from './device-provisioning.service.js';
import type { DeviceView } from './device.types.js';
import type { z } from 'zod';
import { DeviceCreateSchema } from './dto/device-create.dto.js';

@ApiTags('devices')
@ApiBearerAuth()
@Controller('api/devices')
export class DevicesController {
  constructor(
    private readonly provisioning: DeviceProvisioning,
    private readonly monitor: DeviceMonitor,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Provision a device: returns its MQTT credentials, shown only this once (null for Zigbee2MQTT sensors)' })
  provision(@Body(new ZodPipe(DeviceCreateSchema)) body: z.infer<typeof DeviceCreateSchema>): Promise<ProvisionedDevice> {
    return this.provisioning.provision(body);
  }

  @Get()
  @ApiOperation({ summary: 'Every device with online, lastSeen, battery, fw, rssi and dropped-message counters' })
  list(): DeviceView[] {
    return this.monitor.views();
  }
}
