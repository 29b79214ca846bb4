/**
 * The platform's S3 bucket: model registry (models/), fine-tune checkpoints (checkpoints/),
 * dataset outputs (datasets/) and large job specs (specs/). Versioned (a bad write or delete can
 * be undone), encrypted, never public; old checkpoints expire so the nightly fine-tune does not
 * grow the bill forever.
 */
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as s3 from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";

export interface DataBucketProps {
  checkpointRetentionDays: number;
}

export class DataBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: DataBucketProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, "Bucket", {
      versioned: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          id: "expire-old-checkpoints",
          prefix: "checkpoints/",
          expiration: Duration.days(props.checkpointRetentionDays),
          noncurrentVersionExpiration: Duration.days(1),
        },
        {
          id: "expire-superseded-versions",
          noncurrentVersionExpiration: Duration.days(30),
        },
        {
          id: "abort-incomplete-multipart",
          abortIncompleteMultipartUploadAfter: Duration.days(2),
        },
      ],
    });
  }
}
