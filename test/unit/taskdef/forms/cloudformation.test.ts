import { expect } from 'chai';
import { stringify } from 'yaml';
import { readTaskDefinitionForm } from '../../../../src/taskdef/forms/input.js';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readLargeCfnYaml, readYaml } from '../../../../src/taskdef/forms/yaml-read.js';
import { thrownMessage as message } from '../../../support/thrown.js';

const realShaped = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../fixtures/taskdefs/real-shaped');

type Obj = { [k: string]: unknown };

function fromTemplate(resources: Obj, extra: Obj = {}, vars: Record<string, string> = {}, opts: { resource?: string; region?: string } = {}) {
  const warnings: string[] = [];
  const text = JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', ...extra, Resources: resources });
  const out = readTaskDefinitionForm(text, 'Stack.template.json', { vars: new Map(Object.entries(vars)), env: {}, warn: (l) => warnings.push(l), ...opts });
  return { value: out.parsed.value as Obj, file: out.file, warnings };
}

const taskDef = (props: Obj): Obj => ({ TaskDef: { Type: 'AWS::ECS::TaskDefinition', Properties: props } });
const container = (c: Obj) => taskDef({ Family: 'f', ContainerDefinitions: [{ Name: 'a', Image: 'x', ...c }] });
const first = (v: Obj) => (v['containerDefinitions'] as Obj[])[0] as Obj;

describe('taskdef/forms CloudFormation', () => {
  it('reads the YAML short forms as CLIYAML does', () => {
    const { value } = readYaml('a: !Ref X\nb: !GetAtt R.Arn.Deep\nc: !Sub [x, {}]\nd: !If [c, 1, 2]\ne: !Condition C\nf: !GetAZs ""\n', 't.yaml');
    expect(value).to.deep.equal({
      a: { Ref: 'X' },
      b: { 'Fn::GetAtt': ['R', 'Arn.Deep'] },
      c: { 'Fn::Sub': ['x', {}] },
      d: { 'Fn::If': ['c', 1, 2] },
      e: { Condition: 'C' },
      f: { 'Fn::GetAZs': '' },
    });
  });

  it('maps property names through the API model: acronyms, FilesystemId, ProxyConfigurationProperties; user maps keep their keys', () => {
    const { value } = fromTemplate(
      taskDef({
        Family: 'f',
        ProxyConfiguration: { Type: 'APPMESH', ContainerName: 'envoy', ProxyConfigurationProperties: [{ Name: 'AppPorts', Value: 8080 }] },
        EphemeralStorage: { SizeInGiB: '30' },
        Volumes: [{ Name: 'v', EFSVolumeConfiguration: { FilesystemId: 'fs-1', AuthorizationConfig: { IAM: 'ENABLED', AccessPointId: 'fsap-1' } } }],
        ContainerDefinitions: [
          { Name: 'a', Image: 'x', Essential: 'false', Memory: '256', DockerLabels: { 'com.Example.Key': 1 }, Environment: [{ Name: 'PORT', Value: 8080 }], LogConfiguration: { LogDriver: 'awslogs', Options: { 'awslogs-Group': 'g' } } },
        ],
      }),
    );
    expect(value['proxyConfiguration']).to.deep.equal({ type: 'APPMESH', containerName: 'envoy', properties: [{ name: 'AppPorts', value: '8080' }] });
    expect(value['ephemeralStorage']).to.deep.equal({ sizeInGiB: 30 });
    expect(value['volumes']).to.deep.equal([{ name: 'v', efsVolumeConfiguration: { fileSystemId: 'fs-1', authorizationConfig: { iam: 'ENABLED', accessPointId: 'fsap-1' } } }]);
    expect(first(value)).to.deep.equal({
      name: 'a',
      image: 'x',
      essential: false,
      memory: 256,
      dockerLabels: { 'com.Example.Key': '1' },
      environment: [{ name: 'PORT', value: '8080' }],
      logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-Group': 'g' } },
    });
  });

  it('Fn::Sub: pseudo parameters, parameters, GetAtt by dot, local variables, ${!Literal}', () => {
    const { value } = fromTemplate(
      { ...container({ Command: [{ 'Fn::Sub': ['${AWS::Partition}/${AWS::StackName}/${P}/${Repo.RepositoryUri}/${x}/${!Keep}', { x: { Ref: 'AWS::Region' } }] }] }), Repo: { Type: 'AWS::ECR::Repository', Properties: { RepositoryName: 'repo' } } },
      { Parameters: { P: { Type: 'String', Default: 'p' } } },
      { 'AWS::Region': 'cn-north-1' },
    );
    expect(first(value)['command']).to.deep.equal(['aws-cn/Stack/p/123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/repo/cn-north-1/${Keep}']);
  });

  it('Fn::If with conditions (Equals, Not, And, Or), AWS::NoValue removes the entry; FindInMap, Select, Split', () => {
    const { value } = fromTemplate(
      container({
        Environment: [
          { 'Fn::If': ['Prod', { Name: 'A', Value: 'prod' }, { Ref: 'AWS::NoValue' }] },
          { 'Fn::If': ['NotProd', { Name: 'B', Value: 'dev' }, { Ref: 'AWS::NoValue' }] },
          { Name: 'C', Value: { 'Fn::FindInMap': ['Sizes', { Ref: 'Env' }, 'Mem'] } },
          { Name: 'D', Value: { 'Fn::Select': [1, { 'Fn::Split': [',', 'x,y,z'] }] } },
        ],
      }),
      {
        Parameters: { Env: { Type: 'String', Default: 'prod' } },
        Conditions: { Prod: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] }, NotProd: { 'Fn::Not': [{ Condition: 'Prod' }] } },
        Mappings: { Sizes: { prod: { Mem: 1024 } } },
      },
    );
    expect(first(value)['environment']).to.deep.equal([
      { name: 'A', value: 'prod' },
      { name: 'C', value: '1024' },
      { name: 'D', value: 'y' },
    ]);
  });

  it('a Secret and an SSM Parameter of the template are the vault entries of their names', () => {
    const { value } = fromTemplate(
      {
        ...container({
          Secrets: [
            { Name: 'S', ValueFrom: { 'Fn::Join': ['', [{ Ref: 'Db' }, ':password::']] } },
            { Name: 'G', ValueFrom: { 'Fn::GetAtt': ['Db', 'Id'] } },
            { Name: 'P', ValueFrom: { Ref: 'Param' } },
          ],
        }),
        Db: { Type: 'AWS::SecretsManager::Secret', Properties: { Name: { 'Fn::Sub': '${AWS::StackName}/db' } } },
        Param: { Type: 'AWS::SSM::Parameter', Properties: { Name: '/app/key', Type: 'String', Value: 'v' } },
      },
      {},
      {},
      { region: 'eu-west-1' },
    );
    expect(first(value)['secrets']).to.deep.equal([
      { name: 'S', valueFrom: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:Stack/db:password::' },
      { name: 'G', valueFrom: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:Stack/db' },
      { name: 'P', valueFrom: '/app/key' },
    ]);
  });

  it('names everything it cannot resolve offline in one line, with the --var for each', () => {
    const text = message(() =>
      fromTemplate(
        container({ Image: { 'Fn::ImportValue': 'shared-repo' }, Environment: [{ Name: 'A', Value: { Ref: 'Nope' } }, { Name: 'B', Value: '{{resolve:ssm:/app/b}}' }, { Name: 'C', Value: { Ref: 'Bootstrap' } }] }),
        { Parameters: { Bootstrap: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/cdk/version' } } },
      ),
    );
    expect(text).to.equal(
      'Stack.template.json (Resources.TaskDef): cannot resolve offline: Fn::ImportValue shared-repo (an export of another stack) at ContainerDefinitions[0].Image; ' +
        'Ref Nope (no parameter or resource of that name in the template) at ContainerDefinitions[0].Environment[0].Value; ' +
        '{{resolve:ssm:/app/b}} (a dynamic reference, resolved by CloudFormation at deploy time) at ContainerDefinitions[0].Environment[1].Value; ' +
        'Ref Bootstrap (an AWS::SSM::Parameter::Value<String> parameter: CloudFormation reads it from SSM at deploy time) at ContainerDefinitions[0].Environment[2].Value: ' +
        "pass --var 'shared-repo=VALUE' --var 'Nope=VALUE' --var '{{resolve:ssm:/app/b}}=VALUE' --var 'Bootstrap=VALUE'",
    );
  });

  it("names that need each other are CloudFormation's circular dependency, one line, not a stack overflow", () => {
    expect(message(() => fromTemplate(taskDef({ Family: { 'Fn::Sub': 'app-${TaskDef}' }, ContainerDefinitions: [{ Name: 'a', Image: { Ref: 'TaskDef' } }] })))).to.equal(
      'Stack.template.json (Resources.TaskDef): cannot resolve offline: Circular dependency between resources: [TaskDef] at Resources.TaskDef.Properties.Family: replace it in the template',
    );
    const logs = { Logs: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: { 'Fn::Sub': '/ecs/${TaskDef}' } } } };
    const td = taskDef({ Family: { 'Fn::Sub': 'app-${Logs}' }, ContainerDefinitions: [{ Name: 'a', Image: 'x', LogConfiguration: { LogDriver: 'awslogs', Options: { 'awslogs-group': { Ref: 'Logs' } } } }] });
    expect(message(() => fromTemplate({ ...logs, ...td }))).to.match(/cannot resolve offline: Circular dependency between resources: \[Logs, TaskDef\] at Resources\.Logs\.Properties\.LogGroupName/);
  });

  it('a template without a task definition, and --resource naming something else, say what there is', () => {
    expect(message(() => fromTemplate({ B: { Type: 'AWS::S3::Bucket' } }))).to.equal(
      'Stack.template.json: a CloudFormation template without an AWS::ECS::TaskDefinition (its resources: AWS::S3::Bucket); give the template that defines the task',
    );
    expect(message(() => fromTemplate({ ...container({}), B: { Type: 'AWS::S3::Bucket' } }, {}, {}, { resource: 'B' }))).to.equal(
      '--resource B: is an AWS::S3::Bucket, not an AWS::ECS::TaskDefinition of Stack.template.json (task definitions: TaskDef)',
    );
  });

  it('without Family, the family is <stack>-<LogicalId>; YAML and JSON give the same task definition', () => {
    const resources = taskDef({ ContainerDefinitions: [{ Name: 'a', Image: { 'Fn::Sub': '${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/a' } }] });
    const json = fromTemplate(resources).value;
    expect(json['family']).to.equal('Stack-TaskDef');
    const yaml = stringify({ Resources: resources }).replace("'Fn::Sub':", 'Fn::Sub:');
    const fromYaml = readTaskDefinitionForm(yaml, 'Stack.yaml', { vars: new Map(), env: {}, warn: () => {} });
    expect(fromYaml.parsed.value).to.deep.equal(json);
  });

  it('a large YAML template (read lazily) gives the same task definition as the whole file parsed', () => {
    const base = fs.readFileSync(path.join(realShaped, 'cloudformation/fargate-service.yaml'), 'utf8');
    // Filler before and after the task definition, with a Properties.Type that is not the resource's.
    const filler = (i: number) => `  Param${i}:\n    Properties:\n      Type: String\n      Value: !Sub '\${AWS::StackName}-${'x'.repeat(200)}'\n    Type: AWS::SSM::Parameter\n`;
    let big = base.replace('Resources:\n', `Resources:\n${Array.from({ length: 600 }, (_, i) => filler(i)).join('')}`);
    big += Array.from({ length: 600 }, (_, i) => filler(i + 600)).join('');
    expect(big.length).to.be.greaterThan(256 * 1024);
    const opts = { vars: new Map([['EnvironmentName', 'production']]), env: {}, warn: () => {} };
    const lazy = readTaskDefinitionForm(big, 'big.yaml', opts).parsed.value;
    const whole = readTaskDefinitionForm(base, 'big.yaml', opts).parsed.value;
    expect(lazy).to.deep.equal(whole);
    expect(readLargeCfnYaml(big, 'big.yaml')).to.not.equal(undefined);
    // Anchors make it fall back to the whole file.
    expect(readLargeCfnYaml(big.replace('Resources:\n', 'Resources:\n  Anchor: &a\n    Type: AWS::SNS::Topic\n'), 'big.yaml')).to.equal(undefined);
  });
});
