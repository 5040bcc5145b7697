export type {
  Collection,
  CycleRun,
  Member,
  Outbox,
  Pledge,
  PledgeEvent,
} from "../generated/client.ts";
export { Prisma, PrismaClient } from "../generated/client.ts";
export * from "../generated/enums.ts";
export { type Database, type OpenOptions, openDatabase } from "./database.ts";
export { migrate, readMigrations, type SqlRunner } from "./migrate.ts";
