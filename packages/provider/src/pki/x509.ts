/**
 * @peculiar/x509 with what it needs to load: its dependency injection container (tsyringe) throws
 * at import unless a Reflect metadata polyfill is installed first (the library's README). ESM runs
 * the two imports below in order, so every module of this folder imports the library from here.
 */
import 'reflect-metadata';

export * from '@peculiar/x509';
