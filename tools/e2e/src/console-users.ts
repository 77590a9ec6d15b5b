import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Page } from 'playwright-core';
import { REPO_ROOT } from './e2e-pipeline';

/** A console account to create for a browser test or benchmark. */
export interface ConsoleUserSpec {
  email: string;
  name: string;
  role: 'owner' | 'regional_manager' | 'location_manager' | 'dispatcher';
  password: string;
  /** Location slugs (dispatchers and location managers). */
  locations?: string[];
  /** Region slugs (regional managers). */
  regions?: string[];
}

/**
 * Creates a console user of `tenantId` the way an operator does: the built CLI (`textback users create`,
 * dist/tools/cli) against `databaseUrl`, the password through TEXTBACK_USER_PASSWORD (never on the command line).
 * @throws Error (the CLI's stderr) when the CLI refuses, e.g. an unknown location slug or an existing email.
 */
export async function createConsoleUser(databaseUrl: string, tenantId: string, user: ConsoleUserSpec): Promise<void> {
  const args = [join(REPO_ROOT, 'dist/tools/cli/src/textback.js'), ...consoleUserArgs(tenantId, user)];
  await promisify(execFile)(process.execPath, args, { env: { ...process.env, DATABASE_URL: databaseUrl, TEXTBACK_USER_PASSWORD: user.password } });
}

/** The arguments of `textback users create` for `user` in `tenantId` (the password goes through TEXTBACK_USER_PASSWORD). */
export function consoleUserArgs(tenantId: string, user: ConsoleUserSpec): string[] {
  const args = ['users', 'create', '--tenant', tenantId, '--email', user.email, '--name', user.name, '--role', user.role];
  if (user.locations?.length) args.push('--locations', user.locations.join(','));
  if (user.regions?.length) args.push('--regions', user.regions.join(','));
  return args;
}

/** Signs in on the console's sign-in screen at `consoleUrl` with the email form and waits for the inbox. */
export async function signInToConsole(page: Page, consoleUrl: string, email: string, password: string): Promise<void> {
  await page.goto(consoleUrl);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('textbox', { name: 'Password' }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Inbox' }).waitFor();
}
