package ckan

import (
	"context"
	"encoding/json"

	"github.com/khlang/khlang/catalog"
)

// action is one Action API function: whether CKAN marks it side-effect free (callable by
// GET, with query-string parameters), its implementation and its help_show docstring.
type action struct {
	get bool
	run func(ctx context.Context, c *call) (any, error)
	doc string
}

// action looks up an implemented action by name.
func (a *API) action(name string) (action, bool) {
	var run func(ctx context.Context, c *call) (any, error)
	switch name {
	case "status_show":
		run = a.statusShow
	case "package_list":
		run = a.packageList
	case "package_show":
		run = a.packageShow
	case "package_search":
		run = a.packageSearch
	case "current_package_list_with_resources":
		run = a.currentPackageList
	case "package_autocomplete":
		run = a.packageAutocomplete
	case "organization_list":
		run = a.groupList(true)
	case "group_list":
		run = a.groupList(false)
	case "organization_show":
		run = a.groupShow(true)
	case "group_show":
		run = a.groupShow(false)
	case "organization_autocomplete":
		run = a.groupAutocomplete(true)
	case "group_autocomplete":
		run = a.groupAutocomplete(false)
	case "tag_list":
		run = a.tagList
	case "tag_show":
		run = a.tagShow
	case "tag_autocomplete":
		run = a.tagAutocomplete
	case "resource_show":
		run = a.resourceShow
	case "resource_search":
		run = a.resourceSearch
	case "license_list":
		run = a.licenseList
	case "format_autocomplete":
		run = a.formatAutocomplete
	case "help_show":
		run = a.helpShow
	default:
		if run, ok := a.harvestReads()[name]; ok {
			return action{get: true, run: run, doc: docs[name]}, true
		}
		if run, ok := a.accountReads()[name]; ok {
			return action{get: true, run: run, doc: docs[name]}, true
		}
		if name == "harvest_job_create" && a.HarvestNow != nil {
			return action{get: false, run: a.harvestJobCreate, doc: docs[name]}, true
		}
		if run, ok := a.writeActions()[name]; ok {
			return action{get: false, run: run, doc: docs[name]}, true
		}
		if act, ok := a.datastoreActions()[name]; ok {
			act.doc = docs[name]
			return act, true
		}
		return action{}, false
	}
	return action{get: true, run: run, doc: docs[name]}, true
}

// accountReads are the side-effect-free actions over users, tokens, memberships and the
// activity stream.
func (a *API) accountReads() map[string]func(ctx context.Context, c *call) (any, error) {
	return map[string]func(ctx context.Context, c *call) (any, error){
		"user_show":                               a.userShow,
		"user_list":                               a.userList,
		"user_autocomplete":                       a.userAutocomplete,
		"api_token_list":                          a.apiTokenList,
		"organization_list_for_user":              a.groupListForUser(true),
		"group_list_authz":                        a.groupListForUser(false),
		"member_list":                             a.memberList,
		"package_activity_list":                   a.packageActivityList,
		"organization_activity_list":              a.groupActivityList(true),
		"group_activity_list":                     a.groupActivityList(false),
		"user_activity_list":                      a.userActivityList,
		"recently_changed_packages_activity_list": a.recentlyChangedPackages,
		"activity_show":                           a.activityShow,
		"activity_diff":                           a.activityDiff,
	}
}

// writeActions are the implemented actions with side effects: POST only, and each
// successful one is followed by AfterWrite.
func (a *API) writeActions() map[string]func(ctx context.Context, c *call) (any, error) {
	return map[string]func(ctx context.Context, c *call) (any, error){
		"package_create":             a.packageCreate,
		"package_update":             a.packageUpdate,
		"package_patch":              a.packagePatch,
		"package_delete":             a.packageDelete,
		"dataset_purge":              a.datasetPurge,
		"package_owner_org_update":   a.packageOwnerOrgUpdate,
		"resource_create":            a.resourceCreate,
		"resource_update":            a.resourceUpdate,
		"resource_patch":             a.resourcePatch,
		"resource_delete":            a.resourceDelete,
		"package_resource_reorder":   a.resourceReorder,
		"resource_reorder":           a.resourceReorder,
		"organization_create":        a.groupCreate(true),
		"group_create":               a.groupCreate(false),
		"organization_update":        a.groupUpdate(true, false),
		"group_update":               a.groupUpdate(false, false),
		"organization_patch":         a.groupUpdate(true, true),
		"group_patch":                a.groupUpdate(false, true),
		"organization_delete":        a.groupDelete(true, false),
		"group_delete":               a.groupDelete(false, false),
		"organization_purge":         a.groupDelete(true, true),
		"group_purge":                a.groupDelete(false, true),
		"member_create":              a.memberCreate,
		"member_delete":              a.memberDelete,
		"organization_member_create": a.groupMemberCreate(true),
		"group_member_create":        a.groupMemberCreate(false),
		"organization_member_delete": a.groupMemberDelete(true),
		"group_member_delete":        a.groupMemberDelete(false),
		"user_create":                a.userCreate,
		"user_update":                a.userUpdate(false),
		"user_patch":                 a.userUpdate(true),
		"user_delete":                a.userDelete,
		"api_token_create":           a.apiTokenCreate,
		"api_token_revoke":           a.apiTokenRevoke,
	}
}

// notImplemented answers a CKAN write action this server does not (yet) offer. GET gets
// CKAN's "Please use POST" error (runAction checks that first); POST gets a 403
// Authorization Error, because that is what every CKAN client already handles for a
// write it may not make (ckanapi raises NotAuthorized, the npm client throws the error
// object), whereas an unfamiliar status or __type would surface as a generic failure.
func notImplemented(name string) action {
	return action{get: false, doc: "This action is not available on this server.", run: func(ctx context.Context, c *call) (any, error) {
		return nil, &catalog.AuthError{Detail: "Action " + name + " is not available on this server"}
	}}
}

// knownWriteActions are CKAN 2.11's actions with side effects (core, activity and
// DataStore plugins): names a client may legitimately call.
var knownWriteActions = map[string]bool{}

func init() {
	for _, n := range []string{
		// create
		"package_create", "resource_create", "resource_view_create", "resource_create_default_resource_views",
		"package_create_default_resource_views", "package_relationship_create", "member_create",
		"package_collaborator_create", "group_create", "organization_create", "user_create", "user_invite",
		"vocabulary_create", "tag_create", "follow_user", "follow_dataset", "follow_group", "api_token_create",
		"group_member_create", "organization_member_create",
		// update and patch
		"resource_update", "resource_view_update", "resource_view_reorder", "package_update", "package_revise",
		"package_resource_reorder", "package_relationship_update", "group_update", "organization_update",
		"user_update", "task_status_update", "task_status_update_many", "term_translation_update",
		"term_translation_update_many", "vocabulary_update", "package_owner_org_update", "bulk_update_private",
		"bulk_update_public", "bulk_update_delete", "config_option_update", "dashboard_mark_activities_old",
		"send_email_notifications", "package_patch", "resource_patch", "group_patch", "organization_patch",
		"user_patch",
		// delete
		"user_delete", "package_delete", "dataset_purge", "resource_delete", "resource_view_delete",
		"resource_view_clear", "package_relationship_delete", "member_delete", "package_collaborator_delete",
		"group_delete", "organization_delete", "group_purge", "organization_purge", "task_status_delete",
		"vocabulary_delete", "tag_delete", "unfollow_user", "unfollow_dataset", "unfollow_group",
		"group_member_delete", "organization_member_delete", "job_clear", "job_cancel", "api_token_revoke",
		// DataStore
		"datastore_create", "datastore_upsert", "datastore_delete", "datastore_records_delete",
		"datastore_function_create", "datastore_function_delete", "datastore_run_triggers",
	} {
		knownWriteActions[n] = true
	}
}

// marshal encodes a response. encoding/json escapes <, > and & which keeps JSONP bodies
// from closing a script element.
func marshal(v any) ([]byte, error) { return json.Marshal(v) }
