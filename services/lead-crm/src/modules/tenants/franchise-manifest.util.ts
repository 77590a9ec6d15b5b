import { parse as parseYaml } from 'yaml';
import { type z } from 'zod';
import { FranchiseManifestException, FranchiseManifestExceptionCode } from './franchise-manifest.exception';
import { type FranchiseManifest, franchiseManifestSchema } from './franchise-manifest.schema';

/**
 * Parses and validates a franchise manifest (YAML or JSON text).
 * Checks the shape and every field (E.164 numbers, IANA time zones, HH:mm times, 10DLC statuses),
 * then the rules across entries: unique location slugs, region and location references that
 * exist, each dialled number (main line or tracking) on one location only, each sending number
 * on one location only, a regional manager with regions, a dispatcher or agent with locations.
 * @throws FranchiseManifestException listing every problem, each naming the entry and the field.
 */
export function parseFranchiseManifest(text: string, fileName = 'manifest'): FranchiseManifest {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw new FranchiseManifestException(FranchiseManifestExceptionCode.Unreadable, [`${fileName}: not valid YAML: ${err instanceof Error ? err.message : String(err)}`]);
  }
  return validateFranchiseManifest(raw);
}

/**
 * Validates a franchise manifest already read into a value: the rules of {@link parseFranchiseManifest} (the one
 * check of `tenants apply` and of the settings API, which validates a location's new settings as a manifest).
 * @throws FranchiseManifestException listing every problem, each naming the entry and the field.
 */
export function validateFranchiseManifest(raw: unknown): FranchiseManifest {
  const parsed = franchiseManifestSchema.safeParse(raw);
  const problems = [...(parsed.success ? [] : parsed.error.issues.map((i) => describeIssue(raw, i))), ...crossEntryProblems(lenientView(raw))];
  if (!parsed.success || problems.length > 0) throw new FranchiseManifestException(FranchiseManifestExceptionCode.Invalid, problems);
  return parsed.data;
}

/** What the rules across entries read; every field may be missing in a manifest that failed its schema. */
interface LenientManifest {
  regions: { slug?: unknown }[];
  locations: { slug?: unknown; region?: unknown; services?: { id?: unknown }[]; numbers?: { e164?: unknown; purpose?: unknown; trackingSource?: unknown }[]; sendingNumbers?: { e164?: unknown }[] }[];
  users: { email?: unknown; role?: unknown; regions?: unknown[]; locations?: unknown[] }[];
}

/** The manifest's lists as far as they are lists of objects, so every problem is reported in one run. */
function lenientView(raw: unknown): LenientManifest {
  const objects = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.map((x: unknown) => (x && typeof x === 'object' ? (x as Record<string, unknown>) : {})) : []);
  const doc = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  return {
    regions: objects(doc.regions),
    locations: objects(doc.locations).map((l) => ({ ...l, services: objects(l.services), numbers: objects(l.numbers), sendingNumbers: objects(l.sendingNumbers) })),
    users: objects(doc.users).map((u) => ({ ...u, regions: Array.isArray(u.regions) ? u.regions : [], locations: Array.isArray(u.locations) ? u.locations : [] })),
  };
}

/** `locations[1] (denver).timeZone: message`: the path with each list entry's slug or e-mail. */
function describeIssue(raw: unknown, issue: z.core.$ZodIssue): string {
  let node: unknown = raw;
  let out = '';
  for (const key of issue.path) {
    if (typeof key === 'number') {
      out += `[${key}]`;
      node = Array.isArray(node) ? node[key] : undefined;
      const label = labelOf(node);
      if (label) out += ` (${label})`;
    } else {
      out += out ? `.${String(key)}` : String(key);
      node = node && typeof node === 'object' ? (node as Record<string, unknown>)[String(key)] : undefined;
    }
  }
  return `${out || '(document)'}: ${issue.message}`;
}

function labelOf(node: unknown): string | undefined {
  if (!node || typeof node !== 'object') return undefined;
  const n = node as Record<string, unknown>;
  for (const k of ['slug', 'email', 'id', 'e164']) if (typeof n[k] === 'string') return n[k];
  return undefined;
}

function crossEntryProblems(m: LenientManifest): string[] {
  const problems: string[] = [];
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  const regionSlugs = new Set<string>();
  for (const [i, r] of m.regions.entries()) {
    const slug = str(r.slug);
    if (!slug) continue;
    if (regionSlugs.has(slug)) problems.push(`regions[${i}] (${slug}).slug: duplicate region slug`);
    regionSlugs.add(slug);
  }
  const locationSlugs = new Set<string>();
  const dialled = new Map<string, string>();
  const sending = new Map<string, string>();
  for (const [i, loc] of m.locations.entries()) {
    const slug = str(loc.slug);
    const at = `locations[${i}]${slug ? ` (${slug})` : ''}`;
    if (slug && locationSlugs.has(slug)) problems.push(`${at}.slug: duplicate location slug`);
    if (slug) locationSlugs.add(slug);
    const region = str(loc.region);
    if (region && !regionSlugs.has(region)) problems.push(`${at}.region: unknown region "${region}" (declare it under regions)`);
    const serviceIds = new Set<string>();
    for (const [j, svc] of (loc.services ?? []).entries()) {
      const id = str(svc.id);
      if (!id) continue;
      if (serviceIds.has(id)) problems.push(`${at}.services[${j}] (${id}).id: duplicate service id`);
      serviceIds.add(id);
    }
    const numbers = loc.numbers ?? [];
    for (const [j, n] of numbers.entries()) {
      const e164 = str(n.e164);
      if (!e164) continue;
      const owner = dialled.get(e164);
      if (owner) problems.push(`${at}.numbers[${j}] (${e164}).e164: duplicate number, already used by ${owner}`);
      else dialled.set(e164, `${at}.numbers[${j}]`);
      if (n.purpose === 'tracking' && !str(n.trackingSource)) problems.push(`${at}.numbers[${j}] (${e164}).trackingSource: required for a tracking number`);
    }
    for (const [j, n] of (loc.sendingNumbers ?? []).entries()) {
      const e164 = str(n.e164);
      if (!e164) continue;
      const owner = sending.get(e164);
      if (owner) problems.push(`${at}.sendingNumbers[${j}] (${e164}).e164: duplicate sending number, already used by ${owner}`);
      else sending.set(e164, `${at}.sendingNumbers[${j}]`);
    }
    if (!numbers.some((n) => n.purpose === 'main_line')) problems.push(`${at}.numbers: a location needs one main_line number`);
  }
  const emails = new Set<string>();
  for (const [i, u] of m.users.entries()) {
    const email = str(u.email);
    const at = `users[${i}]${email ? ` (${email})` : ''}`;
    if (email && emails.has(email.toLowerCase())) problems.push(`${at}.email: duplicate user`);
    if (email) emails.add(email.toLowerCase());
    const regions = (u.regions ?? []).filter((r): r is string => typeof r === 'string');
    const locations = (u.locations ?? []).filter((l): l is string => typeof l === 'string');
    for (const r of regions) if (!regionSlugs.has(r)) problems.push(`${at}.regions: unknown region "${r}"`);
    for (const l of locations) if (!locationSlugs.has(l)) problems.push(`${at}.locations: unknown location "${l}" (users may name locations of this manifest only)`);
    if (u.role === 'regional_manager' && regions.length === 0) problems.push(`${at}.regions: a regional_manager needs at least one region`);
    if ((u.role === 'location_manager' || u.role === 'dispatcher' || u.role === 'agent') && locations.length === 0) problems.push(`${at}.locations: a ${String(u.role)} needs at least one location`);
  }
  return problems;
}
