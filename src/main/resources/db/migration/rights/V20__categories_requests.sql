-- rights: a Californian may ask to know only the categories of personal information held about them, their
-- sources, purposes and recipients (CCPA §1798.110(a)(1)-(4)); that asks a reasonable degree of certainty (two
-- data points, regs §7062(b)) instead of the reasonably high one of a request for specific pieces (§7062(c)), and
-- is answered with the categories, never the values. NULL: the request covers everything it may.
ALTER TABLE rights_request ADD COLUMN scope VARCHAR(16);
