/**
 * Reads a PNG the way a decoder would, without judging its pixels: the signature, every chunk's CRC, the
 * header (size, bit depth, colour type), and that the image data inflates to exactly one scanline per row.
 */
import { crc32, inflateSync } from "node:zlib";

export interface PngInfo {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  chunks: string[];
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

export function readPng(png: Buffer): PngInfo {
  if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error("not a PNG signature");
  const chunks: string[] = [];
  const data: Buffer[] = [];
  let header: Omit<PngInfo, "chunks"> | undefined;
  let offset = 8;
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.subarray(offset + 4, offset + 8).toString("latin1");
    const body = png.subarray(offset + 8, offset + 8 + length);
    const crc = png.readUInt32BE(offset + 8 + length);
    if (crc32(png.subarray(offset + 4, offset + 8 + length)) !== crc) throw new Error(`bad CRC in ${type}`);
    chunks.push(type);
    if (type === "IHDR") {
      header = {
        width: body.readUInt32BE(0),
        height: body.readUInt32BE(4),
        bitDepth: body[8] as number,
        colorType: body[9] as number,
      };
    }
    if (type === "IDAT") data.push(body);
    offset += 12 + length;
    if (type === "IEND") break;
  }
  if (!header || chunks[0] !== "IHDR" || chunks.at(-1) !== "IEND") throw new Error("chunks out of order");
  const channels = CHANNELS[header.colorType];
  if (channels === undefined) throw new Error(`colour type ${header.colorType}`);
  const rowBytes = 1 + Math.ceil((header.width * channels * header.bitDepth) / 8);
  const pixels = inflateSync(Buffer.concat(data));
  if (pixels.length !== rowBytes * header.height) throw new Error("image data does not match the header");
  return { ...header, chunks };
}
