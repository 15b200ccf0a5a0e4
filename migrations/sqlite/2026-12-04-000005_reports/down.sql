DROP INDEX ratings_by_level;
DROP INDEX members_report;
