package ckan

// docs are help_show's answers, one per implemented action, written for this server.
var docs = map[string]string{
	"status_show": `Return information about this site: its title, description and URL, the default
locale, the extensions it runs and the CKAN API version it is compatible with.

:rtype: dictionary`,
	"package_list": `Return the names of the site's public, active datasets, ordered by name.

:param limit: the most names to return (optional, default: all)
:type limit: int
:param offset: how many names to skip, for paging (optional)
:type offset: int
:rtype: list of strings`,
	"package_show": `Return the metadata of one dataset and its resources.

:param id: the id or name of the dataset (name_or_id is accepted too)
:type id: string
:rtype: dictionary`,
	"package_search": `Search datasets. Thai and English text is matched word by word.

:param q: the query; words without a field are searched in name, title, tags, groups and
    text; with a field (e.g. "tags:economy") the Lucene syntax applies (optional)
:type q: string
:param fq: a filter query in Lucene syntax, e.g. "organization:nso res_format:CSV" (optional)
:type fq: string
:param fq_list: more filter queries, each applied on its own (optional)
:type fq_list: list of strings
:param sort: e.g. "metadata_modified desc" (optional, default: "score desc, metadata_modified desc")
:type sort: string
:param rows: the page size, at most 1000 (optional, default: 10)
:type rows: int
:param start: the offset of the page (optional)
:type start: int
:param facet: whether to count facets (optional, default: true)
:type facet: bool
:param facet.field: the fields to count, e.g. ["organization","tags","res_format"] (optional)
:type facet.field: list of strings (JSON)
:param facet.limit: the most values per facet, -1 for all (optional, default: 50)
:type facet.limit: int
:param facet.mincount: the least count of a value to be listed (optional, default: 1)
:type facet.mincount: int
:param include_private: include the private datasets the caller may read (optional, default: false)
:type include_private: bool
:param include_drafts: include the drafts the caller may read (optional, default: false)
:type include_drafts: bool
:param fl: return only these fields of each dataset (optional)
:type fl: list of strings, or a comma-separated string
:returns: count, results, facets, search_facets and sort
:rtype: dictionary`,
	"current_package_list_with_resources": `Return the most recently changed datasets with their resources.

:param limit: the page size (optional, default: 10)
:type limit: int
:param offset: the offset of the page (optional)
:type offset: int
:param page: deprecated; the page number when offset is not given (optional)
:type page: int
:rtype: list of dictionaries`,
	"package_autocomplete": `Return public datasets whose name or title contains a string.

:param q: the string to look for
:type q: string
:param limit: the most datasets to return (optional, default: 10)
:type limit: int
:rtype: list of dictionaries with name, title, match_field and match_displayed`,
	"organization_list": `Return the names (or dictionaries) of the site's organizations.

:param all_fields: return dictionaries instead of names (optional, default: false)
:type all_fields: bool
:param sort: "name", "title" or "package_count", with "asc" or "desc" (optional, default: "title asc")
:type sort: string
:param limit: the most to return (optional, default and maximum: 1000, or 25 with all_fields)
:type limit: int
:param offset: how many to skip (optional)
:type offset: int
:param q: only those whose name, title or description contains this (optional)
:type q: string
:param organizations: only these names (optional)
:type organizations: list of strings, or a comma-separated string
:param include_dataset_count: with all_fields, include package_count (optional, default: true)
:type include_dataset_count: bool
:rtype: list of strings or dictionaries`,
	"group_list": `Return the names (or dictionaries) of the site's groups.

Takes the parameters of organization_list, with groups in place of organizations.

:rtype: list of strings or dictionaries`,
	"organization_show": `Return one organization.

:param id: the id or name of the organization
:type id: string
:param include_datasets: include its first 10 datasets as packages (optional, default: false);
    use package_search with fq=organization:<name> to page through all of them
:type include_datasets: bool
:param include_dataset_count: include package_count (optional, default: true)
:type include_dataset_count: bool
:param include_users: include its members (optional, default: true)
:type include_users: bool
:param include_extras: include its extras (optional, default: true)
:type include_extras: bool
:rtype: dictionary`,
	"group_show": `Return one group.

Takes the parameters of organization_show.

:rtype: dictionary`,
	"organization_autocomplete": `Return organizations whose name or title contains a string.

:param q: the string to look for
:type q: string
:param limit: the most to return (optional, default: 20)
:type limit: int
:rtype: list of dictionaries with id, name and title`,
	"group_autocomplete": `Return groups whose name or title contains a string.

:param q: the string to look for
:type q: string
:param limit: the most to return (optional, default: 20)
:type limit: int
:rtype: list of dictionaries with id, name and title`,
	"tag_list": `Return the free tags of public datasets.

:param query: only tags containing this (optional; q is accepted too)
:type query: string
:param all_fields: return dictionaries instead of names (optional, default: false)
:type all_fields: bool
:rtype: list of strings or dictionaries`,
	"tag_show": `Return one tag.

:param id: the id or name of the tag
:type id: string
:param include_datasets: include up to 1000 public datasets carrying it (optional, default: false)
:type include_datasets: bool
:rtype: dictionary`,
	"tag_autocomplete": `Return the names of public tags containing a string.

:param q: the string to look for
:type q: string
:param limit: the most to return (optional, default: 10)
:type limit: int
:rtype: list of strings`,
	"resource_show": `Return one resource.

:param id: the id of the resource
:type id: string
:rtype: dictionary`,
	"resource_search": `Search the resources of public datasets.

:param query: "field:term" pairs, all of which must match: a case-insensitive substring
    match, or a prefix match for hash
:type query: string or list of strings
:param order_by: the field to sort by (optional)
:type order_by: string
:param offset: how many to skip (optional)
:type offset: int
:param limit: the most to return (optional)
:type limit: int
:returns: count and results
:rtype: dictionary`,
	"license_list": `Return the licenses a dataset may have.

:rtype: list of dictionaries`,
	"format_autocomplete": `Return resource formats containing a string, most used first.

:param q: the string to look for
:type q: string
:param limit: the most to return (optional, default: 5)
:type limit: int
:rtype: list of strings`,
	"help_show": `Return the documentation of an action.

:param name: the action's name
:type name: string
:rtype: string`,
}
