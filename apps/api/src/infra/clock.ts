// The service's clock for what it records as "now" (sales, corrections, edits). One provider, so
// a test can play a year in minutes by replacing `now` (test/access/scripted-year.test.ts).
import { Injectable } from '@nestjs/common';

@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
