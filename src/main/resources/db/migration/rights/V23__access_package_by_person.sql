-- rights: access packages found by person (deleted when the person is erased) and by request (deleted with
-- the request); both read the whole table before.
CREATE INDEX access_package_subject ON access_package (subject_id);
CREATE INDEX access_package_request ON access_package (request_id);
