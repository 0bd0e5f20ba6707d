package ckan

// init adds help_show's answers for the write, account and activity actions.
func init() {
	for name, doc := range map[string]string{
		"package_create": `Create a dataset in an organization you are an editor or admin of. Returns the
package_show dict of the new dataset.

:param name: the dataset's URL name: 2-100 lowercase ASCII letters, digits, "-" and "_"
:type name: string
:param owner_org: the id or name of the organization (required)
:type owner_org: string
:param title, notes, url, version, author, author_email, maintainer, maintainer_email,
    license_id, private, state ("active" or "draft"), tags, extras, groups, resources:
    as in package_show (optional)
:param id: the new dataset's id (sysadmins only)
:rtype: dictionary`,
		"package_update": `Replace a dataset. Resources, tags, extras and groups not given are removed, as in
CKAN 2.11; "state" and "private" keep their values when left out.

:param id: the id or name of the dataset
:type id: string
:rtype: dictionary`,
		"package_patch": `Change some fields of a dataset: the given top-level keys replace the stored ones
(lists such as resources are replaced whole).

:param id: the id or name of the dataset
:type id: string
:rtype: dictionary`,
		"package_delete": `Delete a dataset (it can be restored by a sysadmin; its name may be reused).

:param id: the id or name of the dataset
:type id: string`,
		"dataset_purge": `Remove a dataset and its uploaded files for good (sysadmins only).

:param id: the id or name of the dataset
:type id: string`,
		"package_owner_org_update": `Move a dataset to another organization.

:param id: the id or name of the dataset
:type id: string
:param organization_id: the id or name of the organization
:type organization_id: string`,
		"resource_create": `Add a resource to a dataset. Send a multipart form with the file in "upload" to
upload one: it is stored here, and url becomes its download URL.

:param package_id: the id or name of the dataset
:type package_id: string
:param url, name, description, format, mimetype, ...: the resource's fields (optional)
:param upload: a file (multipart form; optional)
:rtype: dictionary`,
		"resource_update": `Replace a resource; datastore_active is kept unless given. An "upload" file replaces
the stored file.

:param id: the resource id
:type id: string
:rtype: dictionary`,
		"resource_patch": `Change some fields of a resource (or upload a new file in "upload").

:param id: the resource id
:type id: string
:rtype: dictionary`,
		"resource_delete": `Delete a resource and its uploaded file.

:param id: the resource id
:type id: string`,
		"package_resource_reorder": `Reorder a dataset's resources: those listed come first, in that order.

:param id: the id or name of the dataset
:type id: string
:param order: resource ids
:type order: list of strings`,
		"organization_create": `Create an organization; you become its admin. Any logged-in user may.

:param name: the organization's URL name
:type name: string
:param title, description, image_url, extras: (optional)
:rtype: dictionary`,
		"organization_update": `Replace an organization's name, title, description, image_url and extras (admins).

:param id: the id or name of the organization
:type id: string
:rtype: dictionary`,
		"organization_patch": `Change some fields of an organization (admins).

:param id: the id or name of the organization
:type id: string
:rtype: dictionary`,
		"organization_delete": `Delete an organization (admins). It must not own datasets any more.

:param id: the id or name of the organization
:type id: string`,
		"organization_purge": `Remove an organization for good (sysadmins).

:param id: the id or name of the organization
:type id: string`,
		"member_create": `Add a user to an organization or group with a role (admin, editor or member), or a
dataset to a group. Administrators cannot revoke their own admin status.

:param id: the id or name of the organization or group
:param object: the user or dataset (id or name)
:param object_type: "user" or "package"
:param capacity: the role
:rtype: dictionary`,
		"member_delete": `Remove a user or a dataset from an organization or group.

:param id: the id or name of the organization or group
:param object: the user or dataset (id or name)
:param object_type: "user" or "package"`,
		"organization_member_create": `Give a user a role in an organization (admins).

:param id: the id or name of the organization
:param username: the user's name or id
:param role: admin, editor or member
:rtype: dictionary`,
		"organization_member_delete": `Remove a user from an organization (admins).

:param id: the id or name of the organization
:param username: the user's name or id`,
		"user_create": `Create a user account (sysadmins).

:param name: the login name
:param email: the e-mail address
:param password: at least 8 characters
:param fullname, about: (optional)
:param with_apitoken: also create an API token and return it as "token" (optional)
:rtype: dictionary`,
		"user_update": `Replace a user's name, e-mail, full name and about text; the password changes when
given. For the user and sysadmins.

:param id: the user's id or name
:rtype: dictionary`,
		"user_patch": `Change some fields of a user account.

:param id: the user's id or name
:rtype: dictionary`,
		"user_delete": `Delete a user account (sysadmins); its memberships and API tokens end.

:param id: the user's id or name`,
		"user_show": `Return a user's public details; the e-mail address only to the user and sysadmins.

:param id: the user's id or name (default: you)
:rtype: dictionary`,
		"user_list": `Return the users.

:param q: only users whose name or full name contains this (optional)
:param order_by: name (default), fullname, created or sysadmin
:param all_fields: dicts (default) or only names
:rtype: list`,
		"user_autocomplete": `Return users whose name or full name contains q, as {id, name, fullname}.

:param q: the text
:param limit: default 20
:rtype: list of dictionaries`,
		"api_token_create": `Create an API token. It is shown this once; send it in the Authorization header.

:param user: the user's id or name (yourself unless you are a sysadmin)
:param name: a name to recognise the token by
:param expires_in: lifetime in units (optional)
:param unit: seconds per unit, or "minutes", "hours", "days" (default days)
:rtype: {"token": string}`,
		"api_token_list": `List a user's API tokens (never their secrets).

:param user_id: the user's id or name (default: you)
:rtype: list of dictionaries`,
		"api_token_revoke": `Revoke an API token.

:param token: the token itself, or
:param jti: its id
`,
		"organization_list_for_user": `Return the organizations in which a user holds a permission, with the user's capacity.

:param id: the user (default: you)
:param permission: read, create_dataset, update_dataset, delete_dataset, manage_group
    (default) or admin permissions such as update
:rtype: list of dictionaries`,
		"member_list": `Return the members of an organization or group as [id, type, capacity] triples; only
datasets you may read are listed.

:param id: the id or name of the organization or group
:param object_type: "user" or "package" (optional)
:param capacity: only this capacity (optional)
:rtype: list of lists`,
		"package_activity_list": `Return a dataset's activity stream, newest first.

:param id: the id or name of the dataset
:param limit: default 31, at most 100
:param offset, after, before (Unix seconds or ISO timestamps), activity_types,
    exclude_activity_types: (optional)
:rtype: list of dictionaries`,
		"organization_activity_list": `Return the activity stream of an organization and of its datasets you may read.

:param id: the id or name of the organization
:param limit: default 31, at most 100
:rtype: list of dictionaries`,
		"group_activity_list": `Return the activity stream of a group and of its datasets you may read.

:param id: the id or name of the group
:param limit: default 31, at most 100
:rtype: list of dictionaries`,
		"user_activity_list": `Return what a user did, as far as you may see.

:param id: the user's id or name
:param limit: default 31, at most 100
:rtype: list of dictionaries`,
		"recently_changed_packages_activity_list": `Return the latest dataset activities you may see.

:param limit: default 31, at most 100
:rtype: list of dictionaries`,
		"activity_show": `Return one activity, with the object's dict after the change.

:param id: the activity id
:param include_data: default true
:rtype: dictionary`,
		"activity_diff": `Return an activity, the one before it on the same object, and a unified diff of the
object between them.

:param id: the activity id
:param object_type: "package" (default), "group" or "organization"... as stored in data
:rtype: dictionary`,
	} {
		docs[name] = doc
	}
	for org, grp := range map[string]string{"organization_update": "group_update", "organization_patch": "group_patch",
		"organization_delete": "group_delete", "organization_purge": "group_purge", "organization_create": "group_create",
		"organization_member_create": "group_member_create", "organization_member_delete": "group_member_delete",
		"organization_list_for_user": "group_list_authz", "package_resource_reorder": "resource_reorder"} {
		docs[grp] = docs[org]
	}
}
