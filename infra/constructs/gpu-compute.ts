/**
 * Where jobs run: a VPC with public subnets only (no NAT gateway to pay for; instances reach S3
 * through a gateway endpoint and ECR/the edge over the internet), two managed EC2 compute
 * environments on GPU instances — spot first, on-demand as fallback — and one job queue that
 * tries them in that order.
 */
import * as batch from "aws-cdk-lib/aws-batch";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import { Construct } from "constructs";

export interface GpuComputeProps {
  instanceTypes: string[];
  spotMaxVcpus: number;
  onDemandMaxVcpus: number;
  namePrefix: string;
}

export class GpuCompute extends Construct {
  readonly vpc: ec2.Vpc;
  readonly queue: batch.JobQueue;
  readonly spot: batch.ManagedEc2EcsComputeEnvironment;
  readonly onDemand: batch.ManagedEc2EcsComputeEnvironment;

  constructor(scope: Construct, id: string, props: GpuComputeProps) {
    super(scope, id);
    this.vpc = new ec2.Vpc(this, "Vpc", {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: "public", subnetType: ec2.SubnetType.PUBLIC }],
      gatewayEndpoints: { S3: { service: ec2.GatewayVpcEndpointAwsService.S3 } },
    });
    const common = {
      vpc: this.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      instanceTypes: props.instanceTypes.map((t) => new ec2.InstanceType(t)),
      useOptimalInstanceClasses: false,
      minvCpus: 0,
      images: [{ imageType: batch.EcsMachineImageType.ECS_AL2_NVIDIA }],
      updateToLatestImageVersion: true,
    };
    this.spot = new batch.ManagedEc2EcsComputeEnvironment(this, "Spot", {
      ...common,
      computeEnvironmentName: `${props.namePrefix}-gpu-spot`,
      spot: true,
      allocationStrategy: batch.AllocationStrategy.SPOT_PRICE_CAPACITY_OPTIMIZED,
      maxvCpus: props.spotMaxVcpus,
    });
    this.onDemand = new batch.ManagedEc2EcsComputeEnvironment(this, "OnDemand", {
      ...common,
      computeEnvironmentName: `${props.namePrefix}-gpu-ondemand`,
      spot: false,
      allocationStrategy: batch.AllocationStrategy.BEST_FIT_PROGRESSIVE,
      maxvCpus: props.onDemandMaxVcpus,
    });
    this.queue = new batch.JobQueue(this, "Queue", {
      jobQueueName: `${props.namePrefix}-gpu`,
      priority: 1,
      computeEnvironments: [
        { computeEnvironment: this.spot, order: 1 },
        { computeEnvironment: this.onDemand, order: 2 },
      ],
    });
  }
}
