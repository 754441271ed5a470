// The built checker run as a user runs it, on small folders a test file writes: each folder is
// removed after the file's tests.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

const CLI = path.resolve(__dirname, '../../dist/cli.js');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `project(files)`: a fresh folder holding `files` (relative path → text); `portolan(cwd, …args)`: the checker run there. */
export function cliProjects(prefix: string): { project: (files: Record<string, string>) => string; portolan: (cwd: string, ...args: string[]) => CliRun } {
  const folders: string[] = [];
  afterAll(() => {
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });
  const project = (files: Record<string, string>): string => {
    const root = mkdtempSync(path.join(tmpdir(), prefix));
    folders.push(root);
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      writeFileSync(path.join(root, name), text);
    }
    return root;
  };
  const portolan = (cwd: string, ...args: string[]): CliRun => {
    const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  return { project, portolan };
}
