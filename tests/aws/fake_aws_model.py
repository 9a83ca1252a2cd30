# SPDX-License-Identifier: GPL-3.0-or-later
"""What the fake AWS endpoint knows and does: users and roles, EKS clusters
and node groups with their lifecycles, VPCs, subnets and regions. No HTTP
here; every handler returns (status, body) or raises ApiError."""

import base64
import hashlib
import secrets
import threading
import time
import uuid

ACCOUNT = '123456789012'

# The keys the fake accepts, with who they belong to. The tests use these.
USERS = {
    'AKIDEXAMPLE': ('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', 'strata-test'),
    'AKIDENVIRONMENT': ('environment-secret-key', 'env-user'),
    'AKIDPROFILE': ('profile-secret-key', 'profile-user'),
    'AKIDSOURCE': ('source-secret-key', 'source-user'),
    'AKIDKEYRING': ('keyring-secret-key', 'keyring-user'),
}

ROLES = [
    'strata-admin', 'strata-eks-cluster-role', 'strata-eks-node-role',
    'strata-readonly', 'service-role/strata-service',
]

REGIONS = [
    ('us-east-1', 'opt-in-not-required'), ('us-east-2', 'opt-in-not-required'),
    ('us-west-1', 'opt-in-not-required'), ('us-west-2', 'opt-in-not-required'),
    ('eu-west-1', 'opt-in-not-required'), ('eu-central-1', 'opt-in-not-required'),
    ('ap-southeast-2', 'opt-in-not-required'), ('af-south-1', 'not-opted-in'),
    ('me-south-1', 'not-opted-in'),
]

VPCS = [
    ('vpc-0a1b2c3d', '10.0.0.0/16', 'true'),
    ('vpc-1b2c3d4e', '10.1.0.0/16', 'false'),
    ('vpc-2c3d4e5f', '10.2.0.0/16', 'false'),
]

SUBNETS = [
    ('subnet-a1', 'vpc-0a1b2c3d', 'a', '10.0.0.0/20'),
    ('subnet-b1', 'vpc-0a1b2c3d', 'b', '10.0.16.0/20'),
    ('subnet-c1', 'vpc-0a1b2c3d', 'c', '10.0.32.0/20'),
    ('subnet-a2', 'vpc-1b2c3d4e', 'a', '10.1.0.0/20'),
]

SEED_CLUSTERS = {
    'us-west-2': ['alpha', 'bravo', 'charlie', 'delta', 'echo'],
    'eu-west-1': ['foxtrot'],
}

DEFAULT_VERSION = '1.29'


class ApiError(Exception):
    """An AWS error answer: HTTP status, error code, message."""

    def __init__(self, status, code, message):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def role_arn(name):
    return f'arn:aws:iam::{ACCOUNT}:role/{name}'


def paginate(items, token, page_size, parameter):
    """One page of items and the next token (an opaque base64 offset)."""
    start = 0
    if token:
        try:
            start = int(base64.b64decode(token.encode()).decode())
        except (ValueError, UnicodeDecodeError):
            raise ApiError(400, 'InvalidParameterException',
                           f'The {parameter} is not valid.') from None
    page = items[start:start + page_size]
    more = start + page_size < len(items)
    next_token = base64.b64encode(str(start + page_size).encode()).decode() if more else None
    return page, next_token


class Model:
    """All state, behind one lock: the HTTP server runs a thread per
    connection."""

    def __init__(self, page_size, activate_after, cluster_endpoint, cluster_ca):
        self.lock = threading.Lock()
        self.page_size = page_size
        self.activate_after = activate_after
        self.cluster_endpoint = cluster_endpoint
        self.cluster_ca = cluster_ca
        self.sessions = {}     # temporary access key -> (secret, token, arn, expiry)
        self.clusters = {}     # (region, name) -> cluster dict
        self.nodegroups = {}   # (region, cluster, name) -> nodegroup dict
        self.updates = {}      # (region, cluster) -> [update dicts]
        self.tags = {}         # arn -> {key: value}
        for region, names in SEED_CLUSTERS.items():
            for name in names:
                cluster = self._new_cluster(region, name, role_arn('strata-eks-cluster-role'),
                                            {'subnetIds': ['subnet-a1', 'subnet-b1']},
                                            DEFAULT_VERSION, {'team': 'platform'}, None)
                self._activate(cluster)
                self.clusters[(region, name)] = cluster
                self.updates[(region, name)] = [self._new_update('VersionUpdate') for _ in range(3)]

    # Credentials

    def lookup_key(self, access_key_id):
        """(secret, token or None, arn) for a key, or None."""
        if access_key_id in USERS:
            secret, user = USERS[access_key_id]
            return secret, None, f'arn:aws:iam::{ACCOUNT}:user/{user}'
        with self.lock:
            session = self.sessions.get(access_key_id)
        if session is None or session[3] < time.time():
            return None
        return session[0], session[1], session[2]

    def assume_role(self, params):
        arn = require(params, 'RoleArn', 'roleArn', 'ValidationError')
        session_name = require(params, 'RoleSessionName', 'roleSessionName', 'ValidationError')
        duration = int(params.get('DurationSeconds', '3600'))
        if not 900 <= duration <= 43200:
            raise ApiError(400, 'ValidationError',
                           f"1 validation error detected: Value '{duration}' at 'durationSeconds' "
                           'failed to satisfy constraint: Member must have value between 900 and 43200')
        name = arn.split(':role/', 1)[-1]
        if not arn.startswith(f'arn:aws:iam::{ACCOUNT}:role/') or name not in ROLES:
            raise ApiError(403, 'AccessDenied',
                           f'User is not authorized to perform: sts:AssumeRole on resource: {arn}')
        access_key_id = 'ASIA' + secrets.token_hex(8).upper()
        secret = secrets.token_urlsafe(30)
        token = secrets.token_urlsafe(60)
        expiry = time.time() + duration
        assumed = f'arn:aws:sts::{ACCOUNT}:assumed-role/{name.split("/")[-1]}/{session_name}'
        with self.lock:
            self.sessions[access_key_id] = (secret, token, assumed, expiry)
        return {
            'Credentials': {
                'AccessKeyId': access_key_id, 'SecretAccessKey': secret, 'SessionToken': token,
                'Expiration': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(expiry)),
            },
            'AssumedRoleUser': {'Arn': assumed, 'AssumedRoleId': 'AROA' + secrets.token_hex(6).upper()},
        }

    # EKS

    def _new_cluster(self, region, name, role, vpc_config, version, tags, request_token):
        arn = f'arn:aws:eks:{region}:{ACCOUNT}:cluster/{name}'
        digest = hashlib.sha256(arn.encode()).hexdigest()[:32].upper()
        self.tags[arn] = dict(tags or {})
        return {
            'name': name, 'arn': arn, 'createdAt': time.time(), 'version': version,
            'roleArn': role, 'status': 'CREATING', 'platformVersion': 'eks.1',
            'resourcesVpcConfig': dict(vpc_config, vpcId='vpc-0a1b2c3d',
                                       endpointPublicAccess=vpc_config.get('endpointPublicAccess', True),
                                       endpointPrivateAccess=vpc_config.get('endpointPrivateAccess', False)),
            'kubernetesNetworkConfig': {'serviceIpv4Cidr': '10.100.0.0/16', 'ipFamily': 'ipv4'},
            'certificateAuthority': {},
            'health': {'issues': []},
            '_endpoint': self.cluster_endpoint or f'https://{digest}.gr7.{region}.eks.amazonaws.com',
            '_describes': 0, '_token': request_token,
        }

    def _activate(self, cluster):
        cluster['status'] = 'ACTIVE'
        cluster['endpoint'] = cluster['_endpoint']
        cluster['certificateAuthority'] = {'data': self.cluster_ca}
        cluster['identity'] = {'oidc': {'issuer': f'https://oidc.eks.amazonaws.com/id/{cluster["name"]}'}}

    def _new_update(self, kind):
        return {'id': str(uuid.uuid4()), 'status': 'Successful', 'type': kind,
                'params': [], 'createdAt': time.time(), 'errors': []}

    @staticmethod
    def _public(resource):
        return {k: v for k, v in resource.items() if not k.startswith('_')}

    def _cluster(self, region, name):
        cluster = self.clusters.get((region, name))
        if cluster is None:
            raise ApiError(404, 'ResourceNotFoundException', f'No cluster found for name: {name}.')
        return cluster

    def _nodegroup(self, region, cluster, name):
        nodegroup = self.nodegroups.get((region, cluster, name))
        if nodegroup is None:
            raise ApiError(404, 'ResourceNotFoundException', f'No node group found for name: {name}.')
        return nodegroup

    def _step(self, resource, key, table):
        """A describe moves a resource on: CREATING -> ACTIVE and
        DELETING -> gone after activate_after describes."""
        resource['_describes'] += 1
        if resource['_describes'] < self.activate_after:
            return resource
        if resource['status'] == 'CREATING':
            if 'nodegroupName' in resource:
                resource['status'] = 'ACTIVE'
            else:
                self._activate(resource)
        elif resource['status'] == 'DELETING':
            del table[key]
            self.tags.pop(resource.get('arn') or resource.get('nodegroupArn'), None)
            return None
        return resource

    def list_clusters(self, region, query):
        with self.lock:
            names = sorted(name for (r, name) in self.clusters if r == region)
        page, token = paginate(names, query.get('nextToken'), self.page_size, 'nextToken')
        return {'clusters': page, 'nextToken': token}

    def describe_cluster(self, region, name):
        with self.lock:
            cluster = self._step(self._cluster(region, name), (region, name), self.clusters)
            if cluster is None:
                raise ApiError(404, 'ResourceNotFoundException', f'No cluster found for name: {name}.')
            return {'cluster': dict(self._public(cluster), tags=self.tags.get(cluster['arn'], {}))}

    def create_cluster(self, region, body):
        name = require(body, 'name')
        role = require(body, 'roleArn')
        vpc = require(body, 'resourcesVpcConfig', kind=dict)
        if not vpc.get('subnetIds'):
            raise ApiError(400, 'InvalidParameterException',
                           'Subnets specified must be in at least two different AZs')
        self._check_role(role)
        tags = body.get('tags') or {}
        with self.lock:
            existing = self.clusters.get((region, name))
            if existing is not None:
                if body.get('clientRequestToken') and existing['_token'] == body['clientRequestToken']:
                    return {'cluster': self._public(existing)}
                raise ApiError(409, 'ResourceInUseException', f'Cluster already exists with name: {name}')
            cluster = self._new_cluster(region, name, role, vpc, body.get('version', DEFAULT_VERSION),
                                        tags, body.get('clientRequestToken'))
            self.clusters[(region, name)] = cluster
            self.updates[(region, name)] = []
            return {'cluster': self._public(cluster)}

    def delete_cluster(self, region, name):
        with self.lock:
            cluster = self._cluster(region, name)
            if any(r == region and c == name for (r, c, _) in self.nodegroups):
                raise ApiError(409, 'ResourceInUseException', 'Cluster has nodegroups attached')
            cluster['status'] = 'DELETING'
            cluster['_describes'] = 0
            return {'cluster': self._public(cluster)}

    def list_nodegroups(self, region, cluster, query):
        with self.lock:
            self._cluster(region, cluster)
            names = sorted(n for (r, c, n) in self.nodegroups if r == region and c == cluster)
        page, token = paginate(names, query.get('nextToken'), self.page_size, 'nextToken')
        return {'nodegroups': page, 'nextToken': token}

    def describe_nodegroup(self, region, cluster, name):
        with self.lock:
            self._cluster(region, cluster)
            key = (region, cluster, name)
            nodegroup = self._step(self._nodegroup(*key), key, self.nodegroups)
            if nodegroup is None:
                raise ApiError(404, 'ResourceNotFoundException', f'No node group found for name: {name}.')
            return {'nodegroup': dict(self._public(nodegroup),
                                      tags=self.tags.get(nodegroup['nodegroupArn'], {}))}

    def create_nodegroup(self, region, cluster_name, body):
        name = require(body, 'nodegroupName')
        subnets = require(body, 'subnets', kind=list)
        role = require(body, 'nodeRole')
        if not subnets:
            raise ApiError(400, 'InvalidParameterException', 'Subnets must not be empty')
        self._check_role(role)
        scaling = body.get('scalingConfig') or {'minSize': 1, 'maxSize': 2, 'desiredSize': 2}
        if not scaling.get('minSize', 0) <= scaling.get('desiredSize', 0) <= scaling.get('maxSize', 0):
            raise ApiError(400, 'InvalidParameterException',
                           'Minimum capacity must be less than or equal to desired, and desired '
                           'less than or equal to maximum')
        with self.lock:
            cluster = self._cluster(region, cluster_name)
            if cluster['status'] != 'ACTIVE':
                raise ApiError(400, 'InvalidRequestException',
                               f"Cluster '{cluster_name}' is not in ACTIVE status")
            key = (region, cluster_name, name)
            if key in self.nodegroups:
                existing = self.nodegroups[key]
                if body.get('clientRequestToken') and existing['_token'] == body['clientRequestToken']:
                    return {'nodegroup': self._public(existing)}
                raise ApiError(409, 'ResourceInUseException', f'NodeGroup already exists with name {name} '
                               f'and cluster name {cluster_name}')
            arn = f'arn:aws:eks:{region}:{ACCOUNT}:nodegroup/{cluster_name}/{name}/{uuid.uuid4()}'
            self.tags[arn] = dict(body.get('tags') or {})
            nodegroup = {
                'nodegroupName': name, 'nodegroupArn': arn, 'clusterName': cluster_name,
                'version': cluster['version'], 'releaseVersion': cluster['version'] + '.0-20240101',
                'createdAt': time.time(), 'modifiedAt': time.time(), 'status': 'CREATING',
                'capacityType': body.get('capacityType', 'ON_DEMAND'), 'scalingConfig': scaling,
                'instanceTypes': body.get('instanceTypes') or ['t3.medium'], 'subnets': subnets,
                'nodeRole': role, 'labels': body.get('labels') or {}, 'health': {'issues': []},
                '_describes': 0, '_token': body.get('clientRequestToken'),
            }
            self.nodegroups[key] = nodegroup
            return {'nodegroup': self._public(nodegroup)}

    def delete_nodegroup(self, region, cluster, name):
        with self.lock:
            self._cluster(region, cluster)
            nodegroup = self._nodegroup(region, cluster, name)
            nodegroup['status'] = 'DELETING'
            nodegroup['_describes'] = 0
            return {'nodegroup': self._public(nodegroup)}

    def _tagged(self, arn):
        if arn not in self.tags:
            raise ApiError(404, 'NotFoundException', f'Resource {arn} not found.')
        return self.tags[arn]

    def tag_resource(self, arn, body):
        tags = require(body, 'tags', kind=dict)
        if not tags:
            raise ApiError(400, 'BadRequestException', 'tags must not be empty')
        with self.lock:
            self._tagged(arn).update(tags)
        return {}

    def untag_resource(self, arn, keys):
        if not keys:
            raise ApiError(400, 'BadRequestException', 'tagKeys is required')
        with self.lock:
            tags = self._tagged(arn)
            for key in keys:
                tags.pop(key, None)
        return {}

    def list_tags(self, arn):
        with self.lock:
            return {'tags': dict(self._tagged(arn))}

    def list_updates(self, region, cluster, query):
        with self.lock:
            self._cluster(region, cluster)
            ids = [u['id'] for u in self.updates.get((region, cluster), [])]
        page, token = paginate(ids, query.get('nextToken'), self.page_size, 'nextToken')
        return {'updateIds': page, 'nextToken': token}

    def describe_update(self, region, cluster, update_id):
        with self.lock:
            self._cluster(region, cluster)
            for update in self.updates.get((region, cluster), []):
                if update['id'] == update_id:
                    return {'update': dict(update)}
        raise ApiError(404, 'ResourceNotFoundException', f'No update found for ID: {update_id}')

    def _check_role(self, arn):
        if arn.split(':role/', 1)[-1] not in ROLES:
            raise ApiError(400, 'InvalidParameterException',
                           f'Role with arn: {arn}, could not be assumed because it does not exist')

    # IAM and EC2

    def list_roles(self, params):
        prefix = params.get('PathPrefix', '/')
        roles = []
        for name in ROLES:
            path = '/' + name.rsplit('/', 1)[0] + '/' if '/' in name else '/'
            if path.startswith(prefix):
                roles.append({'Path': path, 'RoleName': name.split('/')[-1], 'Arn': role_arn(name),
                              'RoleId': 'AROA' + hashlib.sha1(name.encode()).hexdigest()[:16].upper(),
                              'CreateDate': '2024-01-01T00:00:00Z'})
        page, marker = paginate(roles, params.get('Marker'), self.page_size, 'Marker')
        return page, marker

    def describe_regions(self, params):
        show_all = params.get('AllRegions') == 'true'
        return [{'regionName': name, 'regionEndpoint': f'ec2.{name}.amazonaws.com', 'optInStatus': status}
                for name, status in REGIONS if show_all or status != 'not-opted-in']

    def describe_vpcs(self, params):
        vpcs = [{'vpcId': vpc, 'cidrBlock': cidr, 'isDefault': default, 'state': 'available'}
                for vpc, cidr, default in VPCS]
        return paginate(vpcs, params.get('NextToken'), self.page_size, 'NextToken')

    def describe_subnets(self, params):
        wanted = None
        for i in range(1, 10):
            name = params.get(f'Filter.{i}.Name')
            if name is None:
                break
            if name != 'vpc-id':
                raise ApiError(400, 'InvalidParameterValue', f"The filter '{name}' is invalid")
            wanted = {params[k] for k in params if k.startswith(f'Filter.{i}.Value.')}
        subnets = [{'subnetId': subnet, 'vpcId': vpc, 'availabilityZone': 'us-west-2' + zone,
                    'cidrBlock': cidr, 'state': 'available'}
                   for subnet, vpc, zone, cidr in SUBNETS if wanted is None or vpc in wanted]
        return paginate(subnets, params.get('NextToken'), self.page_size, 'NextToken')


def require(body, member, shape_name=None, code='InvalidParameterException', kind=str):
    """A required member of a request, of the right type, like AWS'
    validation does."""
    value = body.get(member)
    if value is None or value == '':
        if code == 'ValidationError':
            raise ApiError(400, code, "1 validation error detected: Value null at "
                           f"'{shape_name or member}' failed to satisfy constraint: Member must not be null")
        raise ApiError(400, code, f'{member} is a required member and was not given.')
    if not isinstance(value, kind):
        raise ApiError(400, code, f'{member} must be a {kind.__name__}.')
    return value
