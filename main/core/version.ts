import pkg from '../../package.json';

/** The product's name and version as it tells servers (XEP-0092) and the retention server. */
export const CLIENT_NAME = 'Approved IM';
export const CLIENT_VERSION: string = pkg.version;
