/**
 * `ecs-local vault …` command declarations (the work lives in src/commands/vault*.ts, loaded lazily).
 */
import type { Command } from 'commander';
import type { CliIO } from '../cli.js';

export function registerVaultCommands(program: Command, io: CliIO, warn: (line: string) => void): void {
  void io;
  void warn;
  program.command('vault').description('work with the local vault file (list, get, put, rotate, delete, restore, import, serve)');
}
