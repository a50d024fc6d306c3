import { expect } from 'chai';
import { readTaskDefinitionForm, type FormOptions } from '../../../../src/taskdef/forms/input.js';
import { parseVarFile } from '../../../../src/taskdef/forms/vars.js';
import { scanTemplate } from '../../../../src/taskdef/forms/template-scan.js';
import { thrownMessage as message } from '../../../support/thrown.js';

function read(text: string, vars: Record<string, string> = {}, env: NodeJS.ProcessEnv = {}, file = 'td.json') {
  const warnings: string[] = [];
  const opts: FormOptions = { vars: new Map(Object.entries(vars)), env, warn: (l) => warnings.push(l) };
  return { ...readTaskDefinitionForm(text, file, opts), warnings };
}

const td = (image: string, extra = '') => `{"family": "f", "containerDefinitions": [{"name": "a", "image": ${JSON.stringify(image)}${extra}}]}`;

describe('taskdef/forms templates', () => {
  describe('finding placeholders', () => {
    it('names each kind with what a --var would be called', () => {
      const found = scanTemplate('${a} ${var.b} ${AWS::Region} {{ must_env `C` }} {{ env `D` `x` }} {{ .E }} {{ f }} __G__ REPLACE_ME ${jsonencode(h)} %{ for x in y }', { stringValue: true });
      expect(found.placeholders.map((p) => [p.kind, p.names])).to.deep.equal([
        ['terraform', ['a']],
        ['terraform', ['var.b', 'b']],
        ['cloudformation', ['AWS::Region']],
        ['ecspresso', ['C']],
        ['ecspresso', ['D']],
        ['go', ['E']],
        ['jinja', ['f']],
        ['ci-marker', ['__G__', 'G']],
        ['ci-marker', ['REPLACE_ME']],
        ['terraform', ['jsonencode(h)']],
        ['terraform', []],
      ]);
    });

    it('takes escapes as literals: $${ and %%{ (Terraform), ${!x} (Fn::Sub), {{"{{"}} (Go)', () => {
      const r = read(td('x', ', "command": ["sh", "-c", "echo $${HOME} %%{ {{\\"{{\\"}}"]'));
      expect((r.parsed.value as { containerDefinitions: { command: string[] }[] }).containerDefinitions[0]?.command[2]).to.equal('echo ${HOME} %{ {{');
    });

    it('does not read JSON syntax or ordinary text as a marker', () => {
      expect(read(td('nginx:1.27', ', "environment": [{"name": "LOG", "value": "[INFO] <b> a__b__c Replace"}]')).parsed.value).to.be.an('object');
    });

    it('names pipeline macros %NAME% and $(name), and sed tokens in ARN fields and awslogs-region', () => {
      const pipeline = `{"family": "FUND-%API_ENV%", "executionRoleArn": "arn:aws:iam::AWS_ACCOUNT_ID:role/exec",
        "containerDefinitions": [{"name": "$(container_name)", "image": "%DOCKER_IMAGE_URL%/app:%env.BUILD_TAG%",
          "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-region": "AWS_DEFAULT_REGION", "awslogs-group": "g"}}}]}`;
      expect(message(() => read(pipeline))).to.equal(
        'td.json:1:2: family: unrendered CI placeholders %API_ENV%, AWS_ACCOUNT_ID, $(container_name), %DOCKER_IMAGE_URL%, %env.BUILD_TAG%, AWS_DEFAULT_REGION: ' +
          'pass --var API_ENV=VALUE --var AWS_ACCOUNT_ID=VALUE --var container_name=VALUE --var DOCKER_IMAGE_URL=VALUE … (2 more) (or --var-file FILE: JSON, .tfvars or .env)',
      );
      const vars = { API_ENV: 'prod', AWS_ACCOUNT_ID: '210987654321', container_name: 'app', DOCKER_IMAGE_URL: 'reg.example.com', 'env.BUILD_TAG': '42', AWS_DEFAULT_REGION: 'eu-west-3' };
      const out = read(pipeline, vars).parsed.value as { family: string; executionRoleArn: string; containerDefinitions: { name: string; image: string; logConfiguration: { options: Record<string, string> } }[] };
      expect([out.family, out.executionRoleArn, out.containerDefinitions[0]?.name, out.containerDefinitions[0]?.image, out.containerDefinitions[0]?.logConfiguration.options['awslogs-region']]).to.deep.equal([
        'FUND-prod',
        'arn:aws:iam::210987654321:role/exec',
        'app',
        'reg.example.com/app:42',
        'eu-west-3',
      ]);
    });

    it('leaves alone what only looks like a macro: strftime, SQL LIKE, a shell $(cmd) or %VAR% in a command, real ARNs', () => {
      const extra =
        ', "command": ["sh", "-c", "echo $(hostname) %PATH%"], "environment": [{"name": "FMT", "value": "%Y%m%d %H:%M"}, {"name": "Q", "value": "LIKE \'%abc%\'"}, {"name": "LEVEL", "value": "INFO"}]' +
        ', "secrets": [{"name": "S", "valueFrom": "arn:aws:ssm:eu-west-1:123456789012:parameter/A_B"}], "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-region": "eu-west-1", "awslogs-group": "GROUP_NAME"}}';
      const text = td('nginx', extra);
      expect(read(text).parsed.value).to.deep.equal(JSON.parse(text));
      expect(read(td('nginx', ', "secrets": [{"name": "P", "valueFrom": "arn:aws:iam::aws:policy/X"}]')).form).to.equal('json');
    });
  });

  describe('rendering', () => {
    it('renders unquoted placeholders in a file that is not JSON yet, and JSON-escapes values inside strings', () => {
      const text = '{"family": "${f}", "containerDefinitions": [{"name": "a", "image": "busybox", "cpu": ${cpu}}]}';
      const r = read(text, { f: 'say "hi"', cpu: '256' });
      expect(r.parsed.value).to.deep.include({ family: 'say "hi"' });
      expect((r.parsed.value as { containerDefinitions: { cpu: number }[] }).containerDefinitions[0]?.cpu).to.equal(256);
      expect(r.form).to.equal('template');
    });

    it('a Terraform expression is not evaluated, but --var gives it by its text (`"environment": ${jsonencode(env)}`)', () => {
      const text = '[{"name": "a", "image": "x", "environment": ${jsonencode(env)}}]';
      expect(message(() => read(text))).to.match(/placeholder \$\{jsonencode\(env\)\}: pass --var jsonencode\(env\)=VALUE .*; or render expressions and %\{ \} directives with terraform/);
      const r = read(text, { 'jsonencode(env)': '[{"name": "A", "value": "1"}]' });
      expect((r.parsed.value as { environment: unknown }[])[0]?.environment).to.deep.equal([{ name: 'A', value: '1' }]);
    });

    it('ecspresso: must_env needs the variable set; env falls back to its default when unset or empty; --var wins', () => {
      const text = td('app:{{ env `TAG` `latest` }}-{{ must_env `SUFFIX` }}');
      expect(message(() => read(text))).to.match(/unrendered ecspresso template placeholder \{\{ must_env `SUFFIX` \}\}: pass --var SUFFIX=VALUE/);
      const image = (r: ReturnType<typeof read>) => (r.parsed.value as { containerDefinitions: { image: string }[] }).containerDefinitions[0]?.image;
      expect(image(read(text, {}, { SUFFIX: '' }))).to.equal('app:latest-');
      expect(image(read(text, {}, { SUFFIX: 's', TAG: '' }))).to.equal('app:latest-s');
      expect(image(read(text, {}, { SUFFIX: 's', TAG: '1.2' }))).to.equal('app:1.2-s');
      expect(image(read(text, { TAG: '9' }, { SUFFIX: 's', TAG: '1.2' }))).to.equal('app:9-s');
    });

    it('other kinds never read the environment: ${HOME} in an image stays unrendered even when HOME is set', () => {
      expect(message(() => read(td('${HOME}/app'), {}, { HOME: '/root' }))).to.match(/placeholder \$\{HOME\}: pass --var HOME=VALUE/);
    });

    it('a Jinja default fills the placeholder when no --var gives it', () => {
      const r = read(td("repo:{{ tag | default('latest') }}"));
      expect((r.parsed.value as { containerDefinitions: { image: string }[] }).containerDefinitions[0]?.image).to.equal('repo:latest');
    });

    it('reports expressions and directives with the way to render them', () => {
      const text = '[%{ for n in names ~}{"name": "${n}", "image": "x"}%{ endfor ~}]';
      expect(message(() => read(text))).to.match(
        /^td\.json:1:2: unrendered Terraform template \(templatefile\/envsubst\) placeholders %\{ for n in names ~\}, \$\{n\}, %\{ endfor ~\}: pass --var n=VALUE .*; or render expressions and %\{ \} directives with terraform/,
      );
    });

    it('a value ECS would refuse (a placeholder in the family or a secret ARN) is named, never a crash', () => {
      expect(message(() => read('{"family": "${f}", "containerDefinitions": [{"name": "a", "image": "x", "secrets": [{"name": "S", "valueFrom": "arn:aws:secretsmanager:${region}:1:secret:s"}]}]}'))).to.match(
        /^td\.json:1:2: family: unrendered Terraform template \(templatefile\/envsubst\) placeholders \$\{f\}, \$\{region\}/,
      );
    });
  });

  describe('--var-file', () => {
    it('reads JSON (lists as JSON text), tfvars (strings with escapes, numbers, booleans) and dotenv', () => {
      expect([...parseVarFile('{"a": "x", "n": 2, "l": [1]}', 'v.json')]).to.deep.equal([['a', 'x'], ['n', '2'], ['l', '[1]']]);
      const warned: string[] = [];
      const tf = parseVarFile('# c\na = "say \\"hi\\"" # trailing\nn = 3\nb = true\nl = [\n  "x",\n]\n', 'v.tfvars', (w) => warned.push(w));
      expect([...tf]).to.deep.equal([['a', 'say "hi"'], ['n', '3'], ['b', 'true']]);
      expect(warned).to.deep.equal(['v.tfvars:5: l: only "name = value" lines with a string, number or boolean are read; pass lists and maps with --var l=\'<JSON>\'']);
      expect([...parseVarFile('A=1\nB="two words"\n', 'prod.env')]).to.deep.equal([['A', '1'], ['B', 'two words']]);
    });

    it('reads CloudFormation parameter files: the AWS CLI list and {"Parameters": {…}}', () => {
      expect([...parseVarFile('[{"ParameterKey": "Env", "ParameterValue": "prod"}]', 'p.json')]).to.deep.equal([['Env', 'prod']]);
      expect([...parseVarFile('{"Parameters": {"Env": "prod"}}', 'p.json')]).to.deep.equal([['Env', 'prod']]);
    });
  });
});
