#!/bin/sh
# Seeds LocalStack with the seed article's secrets: the same names, values and ARN suffixes as
# ../seed/ecs-local.vault.json, in account 123456789012 and us-east-1, so that ../seed/taskdef.json
# resolves unchanged:
#
#   docker compose up -d && ./seed.sh
#   npx ecs-local check ../seed/taskdef.json --endpoint http://localhost:4566
#
# Needs the AWS CLI (v1 or v2) and curl. ENDPOINT sets the URL (default http://localhost:4566).
# Safe to run again: existing secrets get a new current value, the parameter is overwritten.
set -eu

ENDPOINT="${ENDPOINT:-http://localhost:4566}"
REGION=us-east-1
ACCOUNT=123456789012

# LocalStack files what a request creates under the account its access key id names, when that is
# 12 digits (otherwise under 000000000000). ecs-local signs its --endpoint calls the same way, as
# the task's account. LocalStack does not check the secret key.
export AWS_ACCESS_KEY_ID="$ACCOUNT"
export AWS_SECRET_ACCESS_KEY=test
unset AWS_SESSION_TOKEN AWS_PROFILE
export AWS_PAGER=""

aws_() {
  aws --endpoint-url "$ENDPOINT" --region "$REGION" --output text "$@"
}

# LocalStack takes a few seconds to start: wait until something answers HTTP at the endpoint.
tries=0
until curl -s -o /dev/null "$ENDPOINT/_localstack/health"; do
  tries=$((tries + 1))
  if [ "$tries" -ge 90 ]; then
    echo "seed.sh: nothing answers at $ENDPOINT after 90 s: start LocalStack first (docker compose up -d), or set ENDPOINT" >&2
    exit 1
  fi
  sleep 1
done

# put_secret NAME SUFFIX VALUE: creates the secret with the 6-character ARN suffix the task
# definition names (LocalStack takes it from the _custom_id_ tag), or, when it exists, gives it a
# new current value. Either way its ARN must end in NAME-SUFFIX.
put_secret() {
  name=$1
  suffix=$2
  value=$3
  if arn=$(aws_ secretsmanager describe-secret --secret-id "$name" --query ARN 2>/dev/null); then
    aws_ secretsmanager put-secret-value --secret-id "$name" --secret-string "$value" >/dev/null
  else
    arn=$(aws_ secretsmanager create-secret --name "$name" --secret-string "$value" \
      --tags "Key=_custom_id_,Value=$suffix" --query ARN)
  fi
  case "$arn" in
    "arn:aws:secretsmanager:$REGION:$ACCOUNT:secret:$name-$suffix")
      echo "secret     $arn"
      ;;
    *)
      echo "seed.sh: the secret $name has the ARN $arn, not ...:secret:$name-$suffix as ../seed/taskdef.json expects." >&2
      echo "seed.sh: the endpoint did not honour the _custom_id_ tag that sets the suffix (recent LocalStack versions do): use a newer image (LOCALSTACK_IMAGE), or change the ARNs in your task definition." >&2
      exit 1
      ;;
  esac
}

# The values of ../seed/ecs-local.vault.json; a JSON value is stored as its compact text, as the vault does.
put_secret production/database/app abc123 \
  '{"username":"app","password":"s3cret-from-the-vault","host":"production-db.cluster-abc123.us-east-1.rds.amazonaws.com","port":5432,"dbname":"myapp"}'
put_secret production/third-party-api def456 'tp-api-key-0123456789'

aws_ ssm put-parameter --name /production/config/value --type SecureString --value 'feature-flags=on' --overwrite >/dev/null
echo "parameter  arn:aws:ssm:$REGION:$ACCOUNT:parameter/production/config/value (SecureString)"

echo
echo "Seeded. Now: npx ecs-local check ../seed/taskdef.json --endpoint $ENDPOINT"
