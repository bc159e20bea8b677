// Minimal declaration for panva's oidc-provider (used only by tests, to run a real OpenID provider).
declare module 'oidc-provider' {
  import type { Server } from 'node:http';
  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    listen(port: number, host?: string): Server;
    proxy: boolean;
  }
}
