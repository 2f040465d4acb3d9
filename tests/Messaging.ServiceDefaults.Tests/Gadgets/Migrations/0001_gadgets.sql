CREATE TABLE gadgets (id bigint PRIMARY KEY);
