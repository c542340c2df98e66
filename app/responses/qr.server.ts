import QRCode from "qrcode";

// Medium error correction survives a crumpled or partly covered poster.
const OPTIONS = { errorCorrectionLevel: "M" as const, margin: 2 };

export const qrSvg = (url: string) => QRCode.toString(url, { ...OPTIONS, type: "svg" });
export const qrPng = (url: string) => QRCode.toBuffer(url, { ...OPTIONS, type: "png", width: 1024 });
