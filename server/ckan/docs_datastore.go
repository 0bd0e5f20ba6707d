package ckan

// init adds help_show's answers for the DataStore actions.
func init() {
	for name, doc := range map[string]string{
		"datastore_create": `Create a DataStore table for a resource, or change one: add fields, records, a
primary key, indexes and aliases. The resource becomes datastore_active. Returns the input
without its records.

:param resource_id: the resource whose table this is; it must have been made for editing
    (url_type "datastore") unless force is true
:type resource_id: string
:param resource: instead of resource_id, a resource dict (with package_id) to create, as
    resource_create does, with url_type "datastore"
:type resource: dictionary
:param force: edit a resource that was not made for editing (default false)
:type force: boolean
:param fields: the columns, [{"id": ..., "type": ..., "info": {...}}]; types are
    PostgreSQL's (text, int, int8, numeric, float8, bool, date, time, timestamp, json,
    arrays as _text or text[]); a missing type is guessed from the first record
:type fields: list of dictionaries
:param records: the rows to insert
:type records: list of dictionaries
:param primary_key: the fields that identify a row (a list or a comma-separated string)
:param indexes: the fields to index (a list or a comma-separated string)
:param aliases: other names for the table (a list or a comma-separated string)
:param delete_fields: drop the fields that are not given (default false)
:type delete_fields: boolean
:rtype: dictionary`,
		"datastore_upsert": `Insert, update or upsert rows of a DataStore table.

:param resource_id: the resource id or an alias of its table
:type resource_id: string
:param records: the rows
:type records: list of dictionaries
:param method: "upsert" (default; needs the primary key or _id), "insert" or "update"
:type method: string
:param dry_run: validate and report errors without keeping any change (default false)
:type dry_run: boolean
:param force: edit a resource that was not made for editing (default false)
:type force: boolean
:rtype: dictionary`,
		"datastore_delete": `Delete rows of a DataStore table, or the whole table.

:param resource_id: the resource id or an alias of its table
:type resource_id: string
:param filters: the rows to delete, {"field": value or [values]}; without filters the
    table is dropped and the resource is no longer datastore_active
:type filters: dictionary
:param force: edit a resource that was not made for editing (default false)
:type force: boolean
:rtype: dictionary`,
		"datastore_records_delete": `Delete rows of a DataStore table; the table always stays.

:param resource_id: the resource id or an alias of its table
:type resource_id: string
:param filters: the rows to delete, {"field": value or [values]}; {} deletes every row
:type filters: dictionary
:param force: edit a resource that was not made for editing (default false)
:type force: boolean
:rtype: dictionary`,
		"datastore_search": `Search a DataStore table. Thai text is matched by word.

:param resource_id: the resource id or an alias of its table ("id" is accepted too);
    "_table_metadata" lists the tables and aliases
:type resource_id: string
:param filters: {"field": value or [values]}; by GET, a JSON string
:type filters: dictionary
:param q: full-text terms, or {"field": terms} to search single fields
:type q: string or dictionary
:param plain: treat q as plain words (default true); false accepts & | ! ( ) and :* prefixes
:type plain: boolean
:param language: accepted for compatibility; the text is segmented the same way for all
:param distinct: only distinct rows (default false)
:type distinct: boolean
:param fields: the fields to return (a list or a comma-separated string)
:param sort: "field [asc|desc] [nulls first|last]", comma-separated
:type sort: string
:param limit: rows per page (default 100, at most 32000)
:type limit: int
:param offset: rows to skip (default 0)
:type offset: int
:param include_total: count the matching rows (default true)
:type include_total: boolean
:param total_estimation_threshold: on PostgreSQL, a total above this is estimated from
    the table's statistics (total_was_estimated); exact otherwise and on SQLite
:type total_estimation_threshold: int
:param records_format: "objects" (default), "lists", "csv" or "tsv" (the last two without
    a header)
:type records_format: string
:returns: fields, records, _links (start, next, prev), total, and the parameters used
:rtype: dictionary`,
		"datastore_search_sql": `Run one read-only SQL SELECT over DataStore tables (their names are
the resource ids, double-quoted). Only tables whose resources you may read, and only common
functions, may be used; at most 32000 rows are returned (records_truncated is then true)
and a statement may run 60 seconds.

:param sql: the statement
:type sql: string
:rtype: dictionary`,
		"datastore_info": `Describe a DataStore table: its aliases, row count and sizes, and its fields
with their storage.

:param resource_id: the resource id or an alias of its table ("id" is accepted too)
:type resource_id: string
:rtype: dictionary`,
		"xloader_status": `The state of the last load of the resource's file into the DataStore, as
ckanext-xloader reports it: status (running, complete or error), job_id, last_updated,
error ({} or {"message": ...}) and task_info with the load's timestamps, its log lines and
the loader's report (rows loaded and rejected, the rejected lines, the fields). It is kept
in the DataStore's database, so it survives a restart. A resource whose file was never
loaded answers "Not found".

:param resource_id: the resource id ("id" is accepted too)
:type resource_id: string
:rtype: dictionary`,
	} {
		docs[name] = doc
	}
}
