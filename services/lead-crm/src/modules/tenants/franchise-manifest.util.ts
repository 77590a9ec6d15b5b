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
  const parsed = franchiseManifestSchema.safeParse(raw);
  if (!parsed.success) throw new FranchiseManifestException(FranchiseManifestExceptionCode.Invalid, parsed.error.issues.map((i) => describeIssue(raw, i)));
  const problems = crossEntryProblems(parsed.data);
  if (problems.length > 0) throw new FranchiseManifestException(FranchiseManifestExceptionCode.Invalid, problems);
  return parsed.data;
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

function crossEntryProblems(m: FranchiseManifest): string[] {
  const problems: string[] = [];
  const regionSlugs = new Set<string>();
  for (const [i, r] of m.regions.entries()) {
    if (regionSlugs.has(r.slug)) problems.push(`regions[${i}] (${r.slug}).slug: duplicate region slug`);
    regionSlugs.add(r.slug);
  }
  const locationSlugs = new Set<string>();
  const dialled = new Map<string, string>();
  const sending = new Map<string, string>();
  for (const [i, loc] of m.locations.entries()) {
    const at = `locations[${i}] (${loc.slug})`;
    if (locationSlugs.has(loc.slug)) problems.push(`${at}.slug: duplicate location slug`);
    locationSlugs.add(loc.slug);
    if (loc.region && !regionSlugs.has(loc.region)) problems.push(`${at}.region: unknown region "${loc.region}" (declare it under regions)`);
    const serviceIds = new Set<string>();
    for (const [j, s] of loc.services.entries()) {
      if (serviceIds.has(s.id)) problems.push(`${at}.services[${j}] (${s.id}).id: duplicate service id`);
      serviceIds.add(s.id);
    }
    for (const [j, n] of loc.numbers.entries()) {
      const owner = dialled.get(n.e164);
      if (owner) problems.push(`${at}.numbers[${j}] (${n.e164}).e164: duplicate number, already used by ${owner}`);
      else dialled.set(n.e164, `${at}.numbers[${j}]`);
      if (n.purpose === 'tracking' && !n.trackingSource) problems.push(`${at}.numbers[${j}] (${n.e164}).trackingSource: required for a tracking number`);
    }
    for (const [j, n] of loc.sendingNumbers.entries()) {
      const owner = sending.get(n.e164);
      if (owner) problems.push(`${at}.sendingNumbers[${j}] (${n.e164}).e164: duplicate sending number, already used by ${owner}`);
      else sending.set(n.e164, `${at}.sendingNumbers[${j}]`);
    }
    if (!loc.numbers.some((n) => n.purpose === 'main_line')) problems.push(`${at}.numbers: a location needs one main_line number`);
  }
  const emails = new Set<string>();
  for (const [i, u] of m.users.entries()) {
    const at = `users[${i}] (${u.email})`;
    if (emails.has(u.email.toLowerCase())) problems.push(`${at}.email: duplicate user`);
    emails.add(u.email.toLowerCase());
    for (const r of u.regions) if (!regionSlugs.has(r)) problems.push(`${at}.regions: unknown region "${r}"`);
    for (const l of u.locations) if (!locationSlugs.has(l)) problems.push(`${at}.locations: unknown location "${l}" (users may name locations of this manifest only)`);
    if (u.role === 'regional_manager' && u.regions.length === 0) problems.push(`${at}.regions: a regional_manager needs at least one region`);
    if ((u.role === 'dispatcher' || u.role === 'agent') && u.locations.length === 0) problems.push(`${at}.locations: a ${u.role} needs at least one location`);
  }
  return problems;
}
