/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "strata-cluster-store.h"
#include "strata-cluster.h"
#include "strata-core-error.h"
#include "strata-diff.h"
#include "strata-json-schema.h"
#include "strata-json.h"
#include "strata-pack-registry.h"
#include "strata-pack.h"
#include "strata-layer.h"
#include "strata-profile-version.h"
#include "strata-profile.h"
#include "strata-semver.h"
#include "strata-store.h"
#include "strata-yaml.h"
