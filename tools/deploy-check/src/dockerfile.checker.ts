import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { deployError, deployWarning, type DeployFinding } from './deploy-check.types';
import { checkNodeRuntime } from './node-runtime';
import { defaultHttpPort, IMAGES } from './service-catalog';

/** One build stage of a Dockerfile, with what it sets itself (not inherited). */
export interface DockerStage {
  name: string;
  /** The FROM image, or the name of an earlier stage it builds on. */
  from: string;
  user?: string;
  healthcheck?: string;
  /** CMD / ENTRYPOINT in exec (JSON array) form; shell form is kept as one string. */
  cmd?: string[];
  entrypoint?: string[];
  env: Record<string, string>;
  expose: string[];
  /** COPY/ADD sources from the build context (not --from=…). */
  contextSources: string[];
}

/** Joins continuation lines and drops comments, parser directives included. */
function logicalLines(text: string): string[] {
  const lines: string[] = [];
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    if (current === '' && /^\s*#/.test(line)) continue;
    if (line.endsWith('\\')) current += `${line.slice(0, -1)} `;
    else {
      current += line;
      if (current.trim() !== '') lines.push(current.trim());
      current = '';
    }
  }
  if (current.trim() !== '') lines.push(current.trim());
  return lines;
}

function execForm(args: string): string[] {
  if (args.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(args);
      if (Array.isArray(parsed) && parsed.every((a) => typeof a === 'string')) return parsed as string[];
    } catch {
      // falls through to shell form
    }
  }
  return [args];
}

/**
 * Parses the instructions deploy checks need (FROM … AS, USER, HEALTHCHECK, CMD, ENTRYPOINT,
 * ENV, EXPOSE, COPY/ADD) per stage. ARG defaults are substituted into FROM.
 * Format: https://docs.docker.com/reference/dockerfile/
 */
export function parseDockerfile(text: string): DockerStage[] {
  const stages: DockerStage[] = [];
  const args: Record<string, string> = {};
  for (const line of logicalLines(text)) {
    const m = /^(\w+)\s+([\s\S]*)$/.exec(line);
    if (!m) continue;
    const instruction = (m[1] ?? '').toUpperCase();
    const rest = (m[2] ?? '').trim();
    const stage = stages[stages.length - 1];
    switch (instruction) {
      case 'ARG': {
        const [k, v] = rest.split('=');
        if (stage === undefined && k) args[k] = v ?? '';
        break;
      }
      case 'FROM': {
        const fm = /^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?$/i.exec(rest);
        const from = (fm?.[1] ?? rest).replace(/\$\{?(\w+)\}?/g, (_, name: string) => args[name] ?? '');
        stages.push({ name: fm?.[2] ?? String(stages.length), from, env: {}, expose: [], contextSources: [] });
        break;
      }
      case 'USER':
        if (stage) stage.user = rest;
        break;
      case 'HEALTHCHECK':
        if (stage) stage.healthcheck = rest;
        break;
      case 'CMD':
        if (stage) stage.cmd = execForm(rest);
        break;
      case 'ENTRYPOINT':
        if (stage) stage.entrypoint = execForm(rest);
        break;
      case 'EXPOSE':
        if (stage) stage.expose.push(...rest.split(/\s+/));
        break;
      case 'ENV':
        if (stage) for (const pair of rest.matchAll(/(\w+)=("[^"]*"|\S+)/g)) stage.env[pair[1] ?? ''] = (pair[2] ?? '').replace(/^"|"$/g, '');
        break;
      case 'COPY':
      case 'ADD': {
        if (!stage || /--from=/.test(rest)) break;
        const parts = rest.split(/\s+/).filter((p) => !p.startsWith('--'));
        stage.contextSources.push(...parts.slice(0, -1));
        break;
      }
      default:
        break;
    }
  }
  return stages;
}

/** Resolves what a stage inherits from the stages it builds on (USER, HEALTHCHECK, CMD, ENV…). */
export function effectiveStage(stages: readonly DockerStage[], name: string): DockerStage | undefined {
  const chain: DockerStage[] = [];
  let current = stages.find((s) => s.name === name);
  while (current) {
    chain.unshift(current);
    const parentName = current.from;
    current = stages.find((s) => s.name === parentName && s !== current);
  }
  if (chain.length === 0) return undefined;
  return chain.reduce<DockerStage>(
    (acc, s) => ({
      name: s.name,
      from: acc.from || s.from,
      user: s.user ?? acc.user,
      healthcheck: s.healthcheck ?? acc.healthcheck,
      cmd: s.cmd ?? (s.entrypoint ? undefined : acc.cmd),
      entrypoint: s.entrypoint ?? acc.entrypoint,
      env: { ...acc.env, ...s.env },
      expose: [...acc.expose, ...s.expose],
      contextSources: [...acc.contextSources, ...s.contextSources],
    }),
    { name, from: '', env: {}, expose: [], contextSources: [] },
  );
}

/**
 * Checks the Dockerfile against the image catalog: a target per image; each runs as a non-root
 * user; services keep a HEALTHCHECK on /health/live, set HTTP_PORT to their schema's default and
 * EXPOSE it; each entrypoint (`node dist/….js`) is a file the build emits (`buildOutput`, from
 * expectedBuildOutput); COPY sources exist; the `node:` base image is the Node.js version package.json
 * pins (checkNodeRuntime). A pending entrypoint is a warning.
 */
export function checkDockerfile(root: string, text: string, buildOutput: ReadonlySet<string>, file = 'Dockerfile'): DeployFinding[] {
  const findings: DeployFinding[] = [];
  const stages = parseDockerfile(text);
  for (const s of stages) for (const src of s.contextSources) if (!existsSync(join(root, src))) findings.push(deployError('dockerfile', `${file} stage ${s.name}`, `COPY source ${src} does not exist`));
  findings.push(...checkNodeRuntime(root, stages, file));
  for (const image of IMAGES) {
    const where = `${file} target ${image.target}`;
    const stage = effectiveStage(stages, image.target);
    if (!stage) {
      findings.push(deployError('dockerfile', where, 'target is missing'));
      continue;
    }
    if (!stage.user || /^(root|0)(:|$)/.test(stage.user)) findings.push(deployError('dockerfile', where, `runs as root (USER ${stage.user ?? 'unset'})`));
    const command = [...(stage.entrypoint ?? []), ...(stage.cmd ?? [])];
    const script = command.find((a) => a.startsWith('dist/'));
    if (command[0] !== 'node' || !script) findings.push(deployError('dockerfile', where, `must run \`node dist/…\` in exec form, found ${JSON.stringify(command)}`));
    else if (script !== image.entrypoint) findings.push(deployError('dockerfile', where, `runs ${script}, expected ${image.entrypoint}`));
    else if (!buildOutput.has(script)) {
      const message = `entrypoint ${script} is not emitted by npm run build (no ${image.source} under tsconfig.build.json)`;
      findings.push(image.pending ? deployWarning('dockerfile', where, `${message}; pending: ${image.pending}`) : deployError('dockerfile', where, message));
    }
    if (image.kind === 'service') {
      if (!stage.healthcheck || /^NONE$/i.test(stage.healthcheck) || !stage.healthcheck.includes('/health/live')) findings.push(deployError('dockerfile', where, 'needs a HEALTHCHECK on /health/live'));
      const port = defaultHttpPort(image);
      if (port !== undefined && stage.env.HTTP_PORT !== String(port)) findings.push(deployError('dockerfile', where, `ENV HTTP_PORT=${stage.env.HTTP_PORT ?? 'unset'}, the service defaults to ${port}`));
      if (port !== undefined && !stage.expose.includes(String(port))) findings.push(deployError('dockerfile', where, `does not EXPOSE ${port}`));
    }
  }
  return findings;
}
