/// <reference types="node" />
import { parseArgs } from 'node:util';
import { isSandboxPolicyError, type PolicyOptions } from '../index.js';
import { CliInputError, formatOutput, readDocuments } from './io.js';
import { render } from './render.js';
import { COMMANDS, HELP, VERSION } from './help.js';
import { auditCommand, explainCommand, validateCommand } from './commands.js';

/** Where the CLI reads and writes; injected so tests can run it in-process too. */
export interface CliIo {
  stdin(): string;
  stdout(s: string): void;
  stderr(s: string): void;
}

const OPTION_SPEC = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
  format: { type: 'string' },
  profile: { type: 'string' },
  'cluster-cidr': { type: 'string', multiple: true },
  'router-namespace': { type: 'string' },
  'router-label': { type: 'string', multiple: true },
  nameserver: { type: 'string', multiple: true },
  'egress-floor': { type: 'string' },
  'pod-spec': { type: 'boolean' },
  labels: { type: 'boolean' },
  'fail-on': { type: 'string' },
  'legacy-cidr': { type: 'boolean' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTION_SPEC; allowPositionals: true }>>['values'];

function policyOptions(v: Values): PolicyOptions {
  const options: { -readonly [K in keyof PolicyOptions]: PolicyOptions[K] } = {};
  if (v.profile !== undefined) options.profile = v.profile as PolicyOptions['profile'];
  if (v['cluster-cidr'] !== undefined) options.clusterCidrs = v['cluster-cidr'];
  if (v.nameserver !== undefined) options.nameservers = v.nameserver;
  if (v['egress-floor'] !== undefined) options.egressFloor = v['egress-floor'] as PolicyOptions['egressFloor'];
  if (v['router-namespace'] !== undefined || v['router-label'] !== undefined) {
    const podLabels: Record<string, string> = {};
    for (const kv of v['router-label'] ?? []) {
      const eq = kv.indexOf('=');
      if (eq <= 0) throw new CliInputError(`--router-label expects key=value, got ${JSON.stringify(kv)}`);
      podLabels[kv.slice(0, eq)] = kv.slice(eq + 1);
    }
    options.router = {
      ...(v['router-namespace'] !== undefined ? { namespace: v['router-namespace'] } : {}),
      ...(v['router-label'] !== undefined ? { podLabels } : {}),
    };
  }
  return options;
}

/** Runs the CLI; returns the exit code (0 ok, 1 audit gate tripped, 2 bad usage or input). */
export function runCli(argv: readonly string[], io: CliIo): number {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-v') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.stdout(HELP.main);
    return command === undefined ? 2 : 0;
  }
  if (!COMMANDS.includes(command as (typeof COMMANDS)[number])) {
    io.stderr(`agent-sandbox-policy: unknown command ${JSON.stringify(command)}\n\n${HELP.main}`);
    return 2;
  }
  const cmd = command as (typeof COMMANDS)[number];
  try {
    const { values, positionals } = parseArgs({ args: [...rest], options: OPTION_SPEC, allowPositionals: true, strict: true });
    if (values.help) {
      io.stdout(HELP[cmd]);
      return 0;
    }
    if (values.version) {
      io.stdout(`${VERSION}\n`);
      return 0;
    }
    if (positionals.length > 1) throw new CliInputError(`${cmd} takes at most one FILE (or - for stdin), got ${positionals.length}`);
    const format = (values.format ?? (cmd === 'render' ? 'yaml' : 'text')) as string;
    const formats = cmd === 'render' ? ['yaml', 'json'] : ['text', 'json'];
    if (!formats.includes(format)) throw new CliInputError(`--format must be one of ${formats.join(', ')}, got ${JSON.stringify(format)}`);
    const docs = readDocuments(positionals[0], io.stdin);
    const options = policyOptions(values);
    switch (cmd) {
      case 'render': {
        const result = render(docs, options, { podSpec: values['pod-spec'] === true, labels: values.labels === true });
        for (const note of result.notes) io.stderr(`note: ${note}\n`);
        if (result.outputs.length > 0) io.stdout(formatOutput(result.outputs, format as 'yaml' | 'json'));
        return 0;
      }
      case 'audit':
        return auditCommand(docs, options, { format: format as 'text' | 'json', failOn: values['fail-on'] }, io);
      case 'validate':
        return validateCommand(docs, { format: format as 'text' | 'json', strictCidr: values['legacy-cidr'] !== true }, io);
      case 'explain':
        return explainCommand(docs, options, io);
    }
  } catch (err) {
    if (err instanceof CliInputError || isSandboxPolicyError(err)) {
      io.stderr(`agent-sandbox-policy ${cmd}: ${(err as Error).message}\n`);
      return 2;
    }
    if (err instanceof TypeError && (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`agent-sandbox-policy ${cmd}: ${err.message}\n\n${HELP[cmd]}`);
      return 2;
    }
    io.stderr(`agent-sandbox-policy ${cmd}: internal error: ${(err as Error)?.message ?? String(err)}\n`);
    return 70;
  }
}
