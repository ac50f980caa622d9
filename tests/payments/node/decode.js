// Decode VietQR payloads with two independent npm libraries and print what they read, as JSON.
// Used by tests/payments/test_vietqr.py; one payload per line on stdin, one JSON object per line out.
"use strict";
const { QRPay } = require("vietnam-qr-pay");
const promptparse = require("promptparse");

const lines = require("fs").readFileSync(0, "utf8").split("\n").filter(Boolean);
for (const payload of lines) {
  const qr = new QRPay(payload);
  // promptparse in strict mode returns null unless the CRC checks out.
  const generic = promptparse.parse(payload, true);
  const account = generic ? generic.getTag("38") : null;
  console.log(JSON.stringify({
    vietnamQrPay: {
      isValid: qr.isValid,
      provider: qr.provider.name,
      guid: qr.provider.guid,
      service: qr.provider.service,
      bankBin: qr.consumer.bankBin,
      bankNumber: qr.consumer.bankNumber,
      amount: qr.amount,
      currency: qr.currency,
      nation: qr.nation,
      initMethod: qr.initMethod,
      merchantName: qr.merchant.name,
      purpose: qr.additionalData.purpose,
      crc: qr.crc,
    },
    promptparse: generic === null ? null : {
      crcValid: true,
      guid: generic.getTagValue("38", "00"),
      beneficiary: generic.getTagValue("38", "01"),
      service: generic.getTagValue("38", "02"),
      amount: generic.getTagValue("54"),
      currency: generic.getTagValue("53"),
      purpose: generic.getTagValue("62", "08"),
      subTagCount: account && account.subTags ? account.subTags.length : 0,
    },
  }));
}
