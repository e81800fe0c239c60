// Placeholder: the pipeline work replaces this with emulator start-up (dynalite, s3rver, SES, SQS on loopback).
export default function setup(): void {}
