// Routes incoming MQTT messages to the handlers subscribed with a matching pattern.
/** `retained`: the broker replayed a stored message on subscription [MQTT-3.3.1-9], not a live one. */
export type MessageHandler = (topic: string, payload: Buffer, retained: boolean) => void | Promise<void>;

export class MessageRouter {
  private readonly routes: Array<{ levels: string[]; handler: MessageHandler }> = [];

  constructor(private readonly onError: (error: unknown, topic: string) => void) {}

  add(pattern: string, handler: MessageHandler): void {
    this.routes.push({ levels: pattern.split('/'), handler });
  }

  /** Drops every handler added for exactly this pattern. */
  remove(pattern: string): void {
    for (let i = this.routes.length - 1; i >= 0; i--) if (this.routes[i]!.levels.join('/') === pattern) this.routes.splice(i, 1);
  }

  /** Calls every matching handler; a failing handler is reported, never thrown into the MQTT client loop. */
  dispatch(topic: string, payload: Buffer, retained = false): void {
    const levels = topic.split('/');
    for (const route of this.routes) {
      if (!matches(route.levels, levels)) continue;
      try {
        const result = route.handler(topic, payload, retained);
        if (result instanceof Promise) result.catch((error: unknown) => this.onError(error, topic));
      } catch (error) {
        this.onError(error, topic);
      }
    }
  }
}

/** MQTT topic filter matching: `+` one level, `#` the rest [MQTT-4.7.1-2, MQTT-4.7.1-3]. */
export function matches(pattern: string[], topic: string[]): boolean {
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === '#') return true;
    if (i >= topic.length) return false;
    if (pattern[i] !== '+' && pattern[i] !== topic[i]) return false;
  }
  return pattern.length === topic.length;
}
