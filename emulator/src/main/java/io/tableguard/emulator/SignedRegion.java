package io.tableguard.emulator;

import java.nio.charset.StandardCharsets;

/**
 * AWS answers table ARNs in the Region of the endpoint that served the request, the Region the request was signed
 * for; DynamoDB Local names every table in Region {@code ddblocal}. An emulator that answered {@code ddblocal}
 * would hide a client that checks the Region of its answers, so ARNs cross the emulator's edge translated: in
 * requests, the signed Region's ARNs become DynamoDB Local's (an ARN of another Region names no table here, as
 * in AWS); in answers, DynamoDB Local's become the signed Region's. Tables are shared by all Regions.
 */
final class SignedRegion {
  private static final String LOCAL = "arn:aws:dynamodb:ddblocal:";

  private final String arnPrefix;

  SignedRegion(String region) {
    this.arnPrefix = "arn:" + partitionOf(region) + ":dynamodb:" + region + ":";
  }

  byte[] toLocal(byte[] request) {
    return replace(request, arnPrefix, LOCAL);
  }

  byte[] fromLocal(byte[] answer) {
    return replace(answer, LOCAL, arnPrefix);
  }

  String fromLocal(String answer) {
    return answer.replace(LOCAL, arnPrefix);
  }

  private static String partitionOf(String region) {
    if (region.startsWith("cn-")) {
      return "aws-cn";
    }
    return region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
  }

  private static byte[] replace(byte[] body, String from, String to) {
    String text = new String(body, StandardCharsets.UTF_8);
    return text.contains(from) ? text.replace(from, to).getBytes(StandardCharsets.UTF_8) : body;
  }
}
