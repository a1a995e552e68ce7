/**
 * A startup problem the person installing Cantine can fix: it names the variable to look at.
 * main.ts prints it as one line, without a stack trace.
 */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly problem: string,
  ) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}
