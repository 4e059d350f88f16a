/**
 * Ingest: video files, folders, data sets and live URLs decoded into clip windows and produced to the clips
 * topic, pass by pass, with a record of what was published so that a rerun resumes.
 */
package io.s2vc.transport.ingest;
