import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ApiClient, ApiProblem } from './api-client.ts';
import type { Params } from './i18n.ts';
import type { Me, Providers, TokenInfo, TotpSetup } from './staff-context.ts';
import type { StaffMessageKey } from './staff-messages.ts';
import { PASSWORD_MIN_LENGTH } from '../../backend/core/accounts-schema.ts';

/** The screens of signing in; `signed-in` hands over to the console. */
export type AuthScreen =
  | { name: 'checking' }
  | { name: 'sign-in'; step: 'password' | 'totp' }
  | { name: 'forgot'; sent: boolean }
  | { name: 'token'; token: string; info?: TokenInfo; invalid?: boolean }
  | { name: 'enroll'; required: boolean; setup?: TotpSetup }
  | { name: 'signed-in' };

/** Ids of the fields an error can point at (the form controls carry these ids). */
export type AuthField = 'email' | 'password' | 'totp' | 'reset-email' | 'new-password' | 'totp-code';

/** What went wrong, as a message key: rendered in the current language, so a switch re-words it. */
export interface AuthError {
  key: StaffMessageKey;
  params?: Params;
  /** The field to fix; none for errors no field can fix (network). */
  field?: AuthField;
}

export type AuthNotice = 'signedOut' | 'sessionExpired' | 'resetSent' | 'enrollDone';

export interface SessionOptions {
  /** API origin (the console page's own by default). */
  base: () => string;
  /** A fetch to use instead of the browser's (tests, Storybook). */
  fetch: () => typeof fetch | undefined;
  /** Can this console use this account? (`<bn-admin>`: hosting office only.) */
  accepts: (me: Me) => boolean;
  /** The screen changed (focus its heading) or an error appeared (focus the summary). */
  changed: (what: 'screen' | 'error') => void;
}

const FRAGMENT = /^#(invite|reset|signin-error)=([^&]*)$/;

/**
 * Signing in as a person, for both consoles: the session is an HttpOnly cookie the API
 * sets, so nothing secret is ever stored in the browser. On connect asks `GET /v1/auth/me`;
 * reads `#invite=` / `#reset=` / `#signin-error=` from the address and removes it; then
 * drives sign-in (with a one-time code when the server asks), forgotten password, setting a
 * password from a link, two-factor enrolment and sign-out. The host renders `screen`.
 */
export class SessionController implements ReactiveController {
  screen: AuthScreen = { name: 'checking' };
  me?: Me;
  providers?: Providers;
  busy = false;
  error?: AuthError;
  notice?: AuthNotice;
  /** The session's API client (cookie, no key); replaced when the base or fetch changes. */
  client?: ApiClient;

  /** E-mail and password between "TOTP_REQUIRED" and the resend with the code; memory only. */
  private pending?: { email: string; password: string };
  private started = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly opts: SessionOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    // A link pasted into the address bar of an open console changes only the fragment.
    window.addEventListener('hashchange', this.onHashChange);
    if (this.started) return;
    this.started = true;
    this.client = new ApiClient({ baseUrl: this.opts.base(), apiKey: '', credentials: 'same-origin', fetch: this.opts.fetch(), retries: 1 });
    void this.start();
  }

  hostDisconnected(): void {
    window.removeEventListener('hashchange', this.onHashChange);
  }

  private readonly onHashChange = () => {
    const hit = FRAGMENT.exec(location.hash);
    if (hit && (hit[1] === 'invite' || hit[1] === 'reset')) {
      history.replaceState(history.state, '', location.pathname + location.search);
      void this.openToken(decodeURIComponent(hit[2]!));
    }
  };

  private async start(): Promise<void> {
    const hit = FRAGMENT.exec(location.hash);
    if (hit) history.replaceState(history.state, '', location.pathname + location.search);
    const [, kind, raw] = hit ?? [];
    const value = raw ? decodeURIComponent(raw) : '';
    void this.loadProviders();
    if ((kind === 'invite' || kind === 'reset') && value) {
      await this.openToken(value);
      return;
    }
    if (kind === 'signin-error') this.error = { key: ssoErrorKey(value), params: { code: value }, field: 'email' };
    try {
      const me = await this.api().get<Me>('/v1/auth/me');
      this.enter(me);
    } catch (err) {
      if (!(err instanceof ApiProblem && err.status === 401) && !this.error) this.error = networkOrServer(err);
      this.go({ name: 'sign-in', step: 'password' });
    }
  }

  private api(): ApiClient {
    if (!this.client) throw new Error('SessionController: not connected');
    return this.client;
  }

  private async loadProviders(): Promise<void> {
    try {
      this.providers = await this.api().get<Providers>('/v1/auth/providers');
      this.host.requestUpdate();
    } catch {
      // Without the list the password form still works; single sign-on just is not offered.
    }
  }

  private go(screen: AuthScreen): void {
    this.screen = screen;
    this.host.requestUpdate();
    this.opts.changed('screen');
  }

  private fail(error: AuthError): void {
    this.error = error;
    this.busy = false;
    this.host.requestUpdate();
    this.opts.changed('error');
  }

  /** A valid Me arrived: into the console, or first to the required enrolment. */
  private enter(me: Me, notice?: AuthNotice): void {
    this.pending = undefined;
    this.busy = false;
    this.error = undefined;
    if (!this.opts.accepts(me)) {
      this.me = undefined;
      void this.api()
        .send('POST', '/v1/auth/logout')
        .catch(() => undefined);
      this.error = { key: 'wrongConsole', field: 'email' };
      this.go({ name: 'sign-in', step: 'password' });
      return;
    }
    this.me = me;
    this.notice = notice;
    this.go(me.mustEnrollTotp ? { name: 'enroll', required: true } : { name: 'signed-in' });
    if (me.mustEnrollTotp) void this.beginEnrollment();
  }

  private async run<T>(call: () => Promise<T>): Promise<T | undefined> {
    this.busy = true;
    this.error = undefined;
    this.host.requestUpdate();
    try {
      return await call();
    } finally {
      this.busy = false;
      this.host.requestUpdate();
    }
  }

  /** `POST /v1/auth/login`; the second call (after TOTP_REQUIRED) carries the code. */
  async signIn(input: { email?: string; password?: string; totp?: string }): Promise<void> {
    if (this.busy) return;
    const step = this.screen.name === 'sign-in' ? this.screen.step : 'password';
    const email = step === 'totp' ? this.pending?.email : input.email?.trim();
    const password = step === 'totp' ? this.pending?.password : input.password;
    if (!email) return this.fail({ key: 'errEmailMissing', field: 'email' });
    if (!password) return this.fail({ key: 'errPasswordMissing', field: 'password' });
    const totp = input.totp?.replace(/\s+/g, '');
    if (step === 'totp' && !totp) return this.fail({ key: 'errTotpMissing', field: 'totp' });
    this.notice = undefined;
    try {
      const me = await this.run(() => this.api().send<Me>('POST', '/v1/auth/login', { email, password, ...(totp ? { totp } : {}) }));
      if (me) this.enter(me);
    } catch (err) {
      const code = err instanceof ApiProblem ? err.code : '';
      if (code === 'TOTP_REQUIRED') {
        this.pending = { email, password };
        this.go({ name: 'sign-in', step: 'totp' });
        return;
      }
      if (code === 'TOTP_INVALID') return this.fail({ key: 'errTotpInvalid', field: 'totp' });
      this.pending = undefined;
      if (step === 'totp') this.go({ name: 'sign-in', step: 'password' });
      if (code === 'SIGN_IN_FAILED') return this.fail({ key: 'errSignInFailed', field: 'email' });
      if (code === 'TOO_MANY_ATTEMPTS' || (err instanceof ApiProblem && err.status === 429)) {
        const wait = (err as ApiProblem).retryAfter;
        return this.fail(wait ? { key: 'errTooMany', params: { seconds: wait }, field: 'email' } : { key: 'errTooManySoon', field: 'email' });
      }
      this.fail(networkOrServer(err));
    }
  }

  showForgot(): void {
    this.pending = undefined;
    this.error = undefined;
    this.notice = undefined;
    this.go({ name: 'forgot', sent: false });
  }

  backToSignIn(): void {
    this.pending = undefined;
    this.error = undefined;
    this.notice = undefined;
    this.go({ name: 'sign-in', step: 'password' });
  }

  /** `POST /v1/auth/reset`: always 202, so the answer never tells whether the account exists. */
  async requestReset(email: string): Promise<void> {
    if (this.busy) return;
    if (!email.trim()) return this.fail({ key: 'errEmailMissing', field: 'reset-email' });
    try {
      await this.run(() => this.api().send('POST', '/v1/auth/reset', { email: email.trim() }));
      this.go({ name: 'forgot', sent: true });
    } catch (err) {
      this.fail(networkOrServer(err));
    }
  }

  /** `POST /v1/auth/token`: what the link is for, or that it is dead. */
  private async openToken(token: string): Promise<void> {
    this.go({ name: 'token', token });
    try {
      const info = await this.run(() => this.api().send<TokenInfo>('POST', '/v1/auth/token', { token }));
      this.go({ name: 'token', token, info });
    } catch (err) {
      if (err instanceof ApiProblem && (err.status === 410 || err.status === 422 || err.code === 'TOKEN_INVALID')) this.go({ name: 'token', token, invalid: true });
      else {
        this.go({ name: 'token', token });
        this.fail(networkOrServer(err));
      }
    }
  }

  /** `POST /v1/auth/password`: sets the password from a link and signs in. */
  async setPassword(password: string, code = ''): Promise<void> {
    if (this.busy || this.screen.name !== 'token') return;
    const { token, info } = this.screen;
    if ([...password].length < PASSWORD_MIN_LENGTH) return this.fail({ key: 'errPasswordShort', field: 'new-password' });
    const totp = code.replace(/\s+/g, '');
    if (info?.totpEnabled && !/^\d{6}$/.test(totp)) return this.fail({ key: 'errTotpMissing', field: 'totp-code' });
    try {
      const me = await this.run(() => this.api().send<Me>('POST', '/v1/auth/password', { token, password, ...(info?.totpEnabled ? { totp } : {}) }));
      if (me) this.enter(me);
    } catch (err) {
      if (err instanceof ApiProblem && (err.status === 410 || err.code === 'TOKEN_INVALID')) {
        this.go({ name: 'token', token, invalid: true });
        return;
      }
      if (err instanceof ApiProblem && (err.code === 'TOTP_INVALID' || err.code === 'TOTP_REQUIRED')) {
        return this.fail({ key: err.code === 'TOTP_INVALID' ? 'errTotpInvalid' : 'errTotpMissing', field: 'totp-code' });
      }
      if (err instanceof ApiProblem && err.status === 429) {
        const wait = err.retryAfter;
        return this.fail(wait ? { key: 'errTooMany', params: { seconds: wait }, field: 'totp-code' } : { key: 'errTooManySoon', field: 'totp-code' });
      }
      if (err instanceof ApiProblem && err.status === 422 && err.errors.some((e) => e.path === 'password')) {
        return this.fail({ key: 'errPasswordRejected', field: 'new-password' });
      }
      this.fail(networkOrServer(err));
    }
  }

  /** Two-factor set-up, offered from the signed-in shell (required ones start by themselves). */
  offerEnrollment(): void {
    if (!this.me) return;
    this.notice = undefined;
    this.go({ name: 'enroll', required: false });
    void this.beginEnrollment();
  }

  cancelEnrollment(): void {
    if (this.screen.name !== 'enroll' || this.screen.required) return;
    this.error = undefined;
    this.go({ name: 'signed-in' });
  }

  /** `POST /v1/auth/totp/setup`: a fresh secret to enter in the app. */
  async beginEnrollment(): Promise<void> {
    if (this.screen.name !== 'enroll') return;
    const { required } = this.screen;
    try {
      const setup = await this.run(() => this.api().send<TotpSetup>('POST', '/v1/auth/totp/setup'));
      if (setup && this.screen.name === 'enroll') {
        this.screen = { name: 'enroll', required, setup };
        this.host.requestUpdate();
      }
    } catch (err) {
      if (err instanceof ApiProblem && err.status === 401) return this.expire();
      this.fail(networkOrServer(err));
    }
  }

  /** `POST /v1/auth/totp/confirm`: the first code from the app switches the factor on. */
  async confirmTotp(code: string): Promise<void> {
    if (this.busy || this.screen.name !== 'enroll') return;
    const clean = code.replace(/\s+/g, '');
    if (!/^\d{6}$/.test(clean)) return this.fail({ key: 'errTotpMissing', field: 'totp-code' });
    try {
      const me = await this.run(() => this.api().send<Me>('POST', '/v1/auth/totp/confirm', { code: clean }));
      if (me) this.enter(me, 'enrollDone');
    } catch (err) {
      if (err instanceof ApiProblem && err.code === 'TOTP_MISMATCH') return this.fail({ key: 'errTotpInvalid', field: 'totp-code' });
      if (err instanceof ApiProblem && err.status === 401) return this.expire();
      this.fail(networkOrServer(err));
    }
  }

  /** `POST /v1/auth/logout`; signed out here even if the server cannot be reached. */
  async signOut(): Promise<void> {
    await this.api()
      .send('POST', '/v1/auth/logout')
      .catch(() => undefined);
    this.leave('signedOut');
  }

  /** A call answered 401: the session ended (idle, absolute limit, disabled). */
  expire(): void {
    if (!this.me) return;
    this.leave('sessionExpired');
  }

  private leave(notice: AuthNotice): void {
    this.me = undefined;
    this.pending = undefined;
    this.error = undefined;
    this.busy = false;
    this.notice = notice;
    this.go({ name: 'sign-in', step: 'password' });
  }
}

function networkOrServer(err: unknown): AuthError {
  if (!(err instanceof ApiProblem)) return { key: 'networkError' };
  if (err.status === 403) return { key: 'roleRequired' };
  return { key: 'serverError', params: { code: err.code } };
}

/**
 * NO_ACCOUNT: the provider knows the person, this server has no (enabled) account for them.
 * Anything else that failed (SIGN_IN_FAILED, PROVIDER_UNAVAILABLE, …) is worth another try.
 */
function ssoErrorKey(code: string): StaffMessageKey {
  if (code === 'NO_ACCOUNT') return 'errSsoNoAccount';
  if (code === 'ACCESS_DENIED' || code === 'CANCELLED') return 'errSsoCancelled';
  return 'errSso';
}
