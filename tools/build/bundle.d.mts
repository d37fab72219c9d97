export declare const BUNDLED_PACKAGES: string[];
export declare function bundle(options: {
  root: string;
  entryPoints: string[];
  outdir: string;
}): Promise<void>;
