//! OGC API – Features (Part 1: Core, GeoJSON, OpenAPI 3.0; Part 2: Coordinate Reference
//! Systems by Reference) at `/ogc`, so QGIS and GDAL's OAPIF driver open the spatial
//! datasets (projects, wards) as layers, straight from the latest published version.
//!
//! Features come from the version's `data.geojson`, read once per version and kept (a
//! version never changes). `items` filters by `bbox`, `datetime` (a project's planned or
//! actual start to end) and any property (exact match), pages with `limit` and
//! `offset`, and answers `numberMatched`, `numberReturned` and next/prev links. Unknown
//! or malformed parameters are 400 with a message, as the standard asks.
//!
//! CRS (Part 2): every collection offers CRS84 (its `storageCrs`), EPSG:4326 (latitude
//! first, as EPSG defines it), EPSG:3857 and the protocol's national grid
//! (`jurisdiction.crs`); `crs` asks for the features in one, `bbox-crs` says which one
//! `bbox` is in, and every response with geometries names its CRS in `Content-Crs`.
//!
//! A collection holds the rows that have a geometry: a feature of OGC API – Features is
//! a located thing, and the conformance suite's GeoJSON schema refuses a `null`
//! geometry. Rows without one (projects whose location was never recorded) stay in the
//! version's files, which every collection links as `enclosure` (GeoJSON, GeoPackage,
//! Shapefile: each keeps them with an empty geometry and opens in QGIS and GDAL).

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::NaiveDate;
use serde_json::{Value, json};

use super::error::WebError;
use super::extract::base_url;
use super::state::AppState;
use crate::geo_crs::{self, Crs};
use crate::protocol::Kind;
use crate::store::{Entry, Indexed};

const CONF_CORE: &str = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core";
const CONF_GEOJSON: &str = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson";
const CONF_OAS30: &str = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30";
const CONF_CRS: &str = "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs";
const CRS84: &str = crate::geo_crs::CRS84_URI;
/// The version's files that keep every row, the unlocated ones too: the collections'
/// `enclosure` links, those of them a version has.
const ENCLOSURES: [(&str, &str, &str); 3] = [
    ("data.geojson", "application/geo+json", "GeoJSON"),
    ("data.gpkg", "application/geopackage+sqlite3", "GeoPackage"),
    ("data.shp.zip", "application/zip", "Shapefile (zipped)"),
];
const DEFAULT_LIMIT: usize = 100;
const MAX_LIMIT: usize = 10_000;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/ogc", get(landing))
        .route("/ogc/", get(landing))
        .route("/ogc/conformance", get(conformance))
        .route("/ogc/api", get(api))
        .route("/ogc/collections", get(collections))
        .route("/ogc/collections/{collection}", get(collection))
        .route("/ogc/collections/{collection}/items", get(items))
        .route(
            "/ogc/collections/{collection}/items/{feature}",
            get(feature),
        )
        .layer(axum::middleware::from_fn(super::error::render_ogc))
}

fn answer(body: Value, content_type: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type)], body.to_string()).into_response()
}

/// Only `f=json` (or its GeoJSON spelling) is served; no other parameter is allowed.
fn check_params(params: &HashMap<String, String>, allowed: &[&str]) -> Result<(), WebError> {
    if let Some(f) = params.get("f").filter(|f| {
        !matches!(
            f.as_str(),
            "json" | "geojson" | "application/json" | "application/geo+json"
        )
    }) {
        return Err(WebError::BadRequest(format!(
            "format `{f}` is not served; use f=json"
        )));
    }
    match params
        .keys()
        .find(|k| *k != "f" && !allowed.contains(&k.as_str()))
    {
        Some(k) => Err(WebError::BadRequest(format!(
            "unknown parameter `{k}`; this resource takes {}",
            if allowed.is_empty() {
                "only f".to_string()
            } else {
                format!("f, {}", allowed.join(", "))
            }
        ))),
        None => Ok(()),
    }
}

/// The spatial kinds, published or not: the collections.
fn spatial_kinds(state: &AppState) -> Vec<&Kind> {
    state
        .protocol()
        .kinds
        .values()
        .filter(|k| k.is_spatial() && !k.is_periodic())
        .collect()
}

/// The CRSs every collection offers: CRS84 (the storage CRS) first, as Part 2 asks,
/// then EPSG:4326, EPSG:3857 and the jurisdiction's national grid.
fn offered(state: &AppState) -> Vec<&'static Crs> {
    let mut list: Vec<&'static Crs> = ["OGC:CRS84", "EPSG:4326", "EPSG:3857"]
        .into_iter()
        .filter_map(geo_crs::lookup)
        .collect();
    list.extend(state.protocol().jurisdiction.national_crs());
    list
}

/// The CRS a `crs` or `bbox-crs` parameter names, among those offered.
fn offered_crs(state: &AppState, name: &str, value: &str) -> Result<&'static Crs, WebError> {
    let list = offered(state);
    geo_crs::lookup(value)
        .filter(|c| list.contains(c))
        .ok_or_else(|| {
            let uris: Vec<String> = list.iter().map(|c| c.uri()).collect();
            WebError::BadRequest(format!(
                "{name} `{value}` is not offered; give one of {}",
                uris.join(", ")
            ))
        })
}

async fn landing(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    check_params(&params, &[])?;
    let base = format!("{}/ogc", base_url(&headers));
    let j = &state.protocol().jurisdiction;
    Ok(answer(
        json!({
            "title": format!("{} open data: features", j.name),
            "description": "Public works projects and ward boundaries, from the latest published versions, as OGC API – Features.",
            "links": [
                { "href": base, "rel": "self", "type": "application/json", "title": "this document" },
                { "href": format!("{base}/api"), "rel": "service-desc", "type": "application/vnd.oai.openapi+json;version=3.0", "title": "the API definition" },
                { "href": format!("{base}/conformance"), "rel": "conformance", "type": "application/json", "title": "conformance classes" },
                { "href": format!("{base}/collections"), "rel": "data", "type": "application/json", "title": "the collections" },
            ],
        }),
        "application/json",
    ))
}

async fn conformance(Query(params): Query<HashMap<String, String>>) -> Result<Response, WebError> {
    check_params(&params, &[])?;
    Ok(answer(
        json!({ "conformsTo": [CONF_CORE, CONF_GEOJSON, CONF_OAS30, CONF_CRS] }),
        "application/json",
    ))
}

fn collection_doc(
    base: &str,
    kind: &Kind,
    latest: Option<&Entry>,
    bbox: [f64; 4],
    crs: &[&'static Crs],
) -> Value {
    let href = format!("{base}/collections/{}", kind.name);
    let uris: Vec<String> = crs.iter().map(|c| c.uri()).collect();
    let mut doc = json!({
        "id": kind.name,
        "title": kind.spec.title,
        "description": kind.spec.description,
        "itemType": "feature",
        "crs": uris,
        "storageCrs": CRS84,
        "extent": { "spatial": { "bbox": [bbox], "crs": CRS84 } },
        "links": [
            { "href": href, "rel": "self", "type": "application/json", "title": "this collection" },
            { "href": format!("{href}/items"), "rel": "items", "type": "application/geo+json", "title": "its features (those with a location)" },
        ],
    });
    if let Some(e) = latest {
        let site = base.trim_end_matches("/ogc");
        let version = format!("{site}/datasets/{}/v/{}", e.dataset, e.version);
        let links = doc["links"].as_array_mut().expect("an array");
        links.push(json!({ "href": version, "rel": "describedby", "type": "text/html", "title": format!("{} v{}, its files and checksums", e.dataset, e.version) }));
        for (file, media, format) in ENCLOSURES {
            if e.file(file).is_some() {
                links.push(json!({ "href": format!("{version}/{file}"), "rel": "enclosure", "type": media, "title": format!("every row of {} v{}, those without a location too, as {format}", e.dataset, e.version) }));
            }
        }
    }
    doc
}

async fn collections(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    check_params(&params, &[])?;
    let base = format!("{}/ogc", base_url(&headers));
    let snapshot = state.snapshot().await;
    let bbox = state.protocol().jurisdiction.bbox;
    let crs = offered(&state);
    let list: Vec<Value> = spatial_kinds(&state)
        .into_iter()
        .map(|k| collection_doc(&base, k, snapshot.latest(&k.name), bbox, &crs))
        .collect();
    Ok(answer(
        json!({ "links": [{ "href": format!("{base}/collections"), "rel": "self", "type": "application/json" }], "collections": list }),
        "application/json",
    ))
}

fn find_kind<'a>(state: &'a AppState, collection: &str) -> Result<&'a Kind, WebError> {
    spatial_kinds(state)
        .into_iter()
        .find(|k| k.name == collection)
        .ok_or_else(|| {
            let names: Vec<&str> = spatial_kinds(state)
                .into_iter()
                .map(|k| k.name.as_str())
                .collect();
            WebError::NotFound(format!(
                "no collection `{collection}`; the collections are {}",
                names.join(", ")
            ))
        })
}

async fn collection(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(name): Path<String>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    check_params(&params, &[])?;
    let kind = find_kind(&state, &name)?;
    let snapshot = state.snapshot().await;
    Ok(answer(
        collection_doc(
            &format!("{}/ogc", base_url(&headers)),
            kind,
            snapshot.latest(&kind.name),
            state.protocol().jurisdiction.bbox,
            &offered(&state),
        ),
        "application/json",
    ))
}

/// `bbox` as four numbers, or six with heights (ignored: the data is flat), in the axis
/// order of `crs` (EPSG:4326: latitude first), as the CRS84 box
/// `[west, south, east, north]` to filter with.
fn parse_bbox(text: &str, crs: &Crs) -> Result<[f64; 4], WebError> {
    let numbers: Vec<f64> = text
        .split(',')
        .map(|n| n.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| {
            WebError::BadRequest(format!(
                "bbox `{text}` is not four numbers: west,south,east,north"
            ))
        })?;
    let corners = match numbers.as_slice() {
        [a, b, c, d] | [a, b, _, c, d, _] if [a, b, c, d].iter().all(|n| n.is_finite()) => {
            [*a, *b, *c, *d]
        }
        _ => {
            return Err(WebError::BadRequest(format!(
                "bbox `{text}` is not four numbers (or six, with heights): {}",
                axes_hint(crs)
            )));
        }
    };
    if crs.is_geographic() {
        let [w, s, e, n] = if crs.lat_first {
            [corners[1], corners[0], corners[3], corners[2]]
        } else {
            corners
        };
        if !(s <= n && (-90.0..=90.0).contains(&s) && (-90.0..=90.0).contains(&n)) {
            return Err(WebError::BadRequest(format!(
                "bbox `{text}` is not {} in degrees, south ≤ north",
                axes_hint(crs)
            )));
        }
        return Ok([w, s, e, n]);
    }
    if corners[0] > corners[2] || corners[1] > corners[3] {
        return Err(WebError::BadRequest(format!(
            "bbox `{text}` is not {} in {}",
            axes_hint(crs),
            crs.code
        )));
    }
    crs.box_to_crs84(corners)
        .map_err(|e| WebError::BadRequest(format!("bbox `{text}` in {}: {e}", crs.code)))
}

fn axes_hint(crs: &Crs) -> &'static str {
    match (crs.is_geographic(), crs.lat_first) {
        (true, true) => "south,west,north,east (EPSG:4326 is latitude first)",
        (true, false) => "west,south,east,north",
        (false, _) => "min easting,min northing,max easting,max northing",
    }
}

/// `2025-01-01`, `2025-01-01/2025-12-31`, `../2025-12-31`, `2025-01-01/..` (date-times
/// are read for their date).
fn parse_datetime(text: &str) -> Result<(Option<NaiveDate>, Option<NaiveDate>), WebError> {
    let one = |t: &str| -> Result<Option<NaiveDate>, WebError> {
        match t.trim() {
            "" | ".." => Ok(None),
            t => NaiveDate::parse_from_str(t.get(..10).unwrap_or(t), "%Y-%m-%d").map(Some).map_err(|_| WebError::BadRequest(format!("datetime `{text}` is not a date such as 2025-07-01, nor an interval such as 2025-07-01/2026-06-30 or ../2026-06-30"))),
        }
    };
    match text.split_once('/') {
        Some((a, b)) => {
            let (start, end) = (one(a)?, one(b)?);
            if let (Some(s), Some(e)) = (start, end)
                && s > e
            {
                return Err(WebError::BadRequest(format!(
                    "datetime `{text}` ends before it starts"
                )));
            }
            Ok((start, end))
        }
        None if text.trim() == ".." => Err(WebError::BadRequest(
            "datetime `..` alone is not an instant or an interval".into(),
        )),
        None => {
            let day = one(text)?;
            Ok((day, day))
        }
    }
}

fn limit_param(
    params: &HashMap<String, String>,
    name: &str,
    default: usize,
    min: usize,
    max: usize,
) -> Result<usize, WebError> {
    match params.get(name) {
        None => Ok(default),
        Some(t) => t
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|n| (min..=max).contains(n))
            .ok_or_else(|| {
                WebError::BadRequest(format!(
                    "{name} `{t}` is not a whole number from {min} to {max}"
                ))
            }),
    }
}

async fn features_of(
    state: &AppState,
    kind: &Kind,
) -> Result<(Arc<Vec<Indexed>>, Option<Entry>), WebError> {
    let snapshot = state.snapshot().await;
    let Some(entry) = snapshot.latest(&kind.name).cloned() else {
        return Ok((Arc::new(Vec::new()), None));
    };
    let (cache, data_dir, owned) = (
        state.features().clone(),
        state.data_dir().to_path_buf(),
        entry.clone(),
    );
    let features = tokio::task::spawn_blocking(move || cache.get(&data_dir, &owned)).await??;
    Ok((features, Some(entry)))
}

async fn items(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(name): Path<String>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let kind = find_kind(&state, &name)?;
    let properties: Vec<&str> = kind
        .schema
        .fields
        .iter()
        .filter(|f| crate::query::previewable(f))
        .map(|f| f.name.as_str())
        .collect();
    let mut allowed = vec!["bbox", "bbox-crs", "crs", "limit", "offset", "datetime"];
    allowed.extend(&properties);
    check_params(&params, &allowed)?;
    let limit = limit_param(&params, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)?;
    let offset = limit_param(&params, "offset", 0, 0, usize::MAX)?;
    let crs = crs_param(&state, &params, "crs")?;
    let bbox_crs = crs_param(&state, &params, "bbox-crs")?;
    let bbox = params
        .get("bbox")
        .map(|b| parse_bbox(b, bbox_crs))
        .transpose()?;
    let datetime = params
        .get("datetime")
        .map(|d| parse_datetime(d))
        .transpose()?;
    let wanted: Vec<(&str, &str)> = params
        .iter()
        .filter(|(k, _)| properties.contains(&k.as_str()))
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();

    let (features, _) = features_of(&state, kind).await?;
    let matches = |f: &Indexed| -> bool {
        // Only located rows are features of the collection (see the module's doc).
        let Some([fw, fs, fe, fn_]) = f.bbox else {
            return false;
        };
        if let Some([w, s, e, n]) = bbox {
            // A box crossing the antimeridian has west > east.
            let x = if w <= e {
                fw <= e && fe >= w
            } else {
                fe >= w || fw <= e
            };
            if !(x && fs <= n && fn_ >= s) {
                return false;
            }
        }
        if let Some((from, to)) = datetime
            && let Some((start, end)) = f.span()
        {
            if let (Some(to), Some(start)) = (to, start)
                && start > to
            {
                return false;
            }
            if let (Some(from), Some(end)) = (from, end)
                && end < from
            {
                return false;
            }
        }
        wanted.iter().all(
            |(k, v)| match f.feature.get("properties").and_then(|p| p.get(*k)) {
                Some(Value::String(s)) => s == v,
                Some(Value::Number(n)) => {
                    n.to_string() == *v || v.parse::<f64>().ok() == n.as_f64()
                }
                Some(Value::Bool(b)) => b.to_string() == *v,
                _ => false,
            },
        )
    };
    let matched: Vec<&Indexed> = features.iter().filter(|f| matches(f)).collect();
    let page: Vec<Value> = matched
        .iter()
        .skip(offset)
        .take(limit)
        .map(|f| in_crs(&f.feature, crs))
        .collect::<Result<_, _>>()?;

    let base = format!("{}/ogc/collections/{}/items", base_url(&headers), kind.name);
    let link = |offset: usize, rel: &str| {
        let mut q = form_urlencoded::Serializer::new(String::new());
        let mut keys: Vec<&String> = params
            .keys()
            .filter(|k| !matches!(k.as_str(), "offset" | "limit" | "f"))
            .collect();
        keys.sort();
        for k in keys {
            q.append_pair(k, &params[k]);
        }
        q.append_pair("limit", &limit.to_string());
        q.append_pair("offset", &offset.to_string());
        json!({ "href": format!("{base}?{}", q.finish()), "rel": rel, "type": "application/geo+json" })
    };
    let mut links = vec![link(offset, "self")];
    if offset + page.len() < matched.len() {
        links.push(link(offset + limit, "next"));
    }
    if offset > 0 {
        links.push(link(offset.saturating_sub(limit), "prev"));
    }
    links.push(json!({ "href": format!("{}/ogc/collections/{}", base_url(&headers), kind.name), "rel": "collection", "type": "application/json" }));
    let body = json!({
        "type": "FeatureCollection",
        "timeStamp": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "numberMatched": matched.len(),
        "numberReturned": page.len(),
        "features": page,
        "links": links,
    });
    Ok(with_crs(answer(body, "application/geo+json"), crs))
}

/// The CRS a `crs` or `bbox-crs` parameter asks for; CRS84 without one.
fn crs_param(
    state: &AppState,
    params: &HashMap<String, String>,
    name: &str,
) -> Result<&'static Crs, WebError> {
    match params.get(name) {
        Some(v) => offered_crs(state, name, v),
        None => Ok(geo_crs::crs84()),
    }
}

/// A feature with its geometry in `crs`.
fn in_crs(feature: &Value, crs: &Crs) -> Result<Value, WebError> {
    let mut out = feature.clone();
    if crs.code != "OGC:CRS84"
        && let Some(g) = feature.get("geometry").filter(|g| g.is_object())
    {
        out["geometry"] = crs.project_geometry(g).map_err(|e| {
            WebError::BadRequest(format!(
                "feature {} cannot be given in {}: {e}",
                feature.get("id").unwrap_or(&Value::Null),
                crs.code
            ))
        })?;
    }
    Ok(out)
}

/// Part 2's `Content-Crs` header: the CRS of the geometries, as a URI in angle brackets.
fn with_crs(mut response: Response, crs: &Crs) -> Response {
    if let Ok(v) = header::HeaderValue::from_str(&format!("<{}>", crs.uri())) {
        response.headers_mut().insert("content-crs", v);
    }
    response
}

async fn feature(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((name, id)): Path<(String, String)>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    check_params(&params, &["crs"])?;
    let kind = find_kind(&state, &name)?;
    let crs = crs_param(&state, &params, "crs")?;
    let (features, entry) = features_of(&state, kind).await?;
    let found = features
        .iter()
        .find(|f| f.feature.get("id").and_then(Value::as_str) == Some(id.as_str()))
        .ok_or_else(|| WebError::NotFound(format!("no feature `{id}` in {name}")))?;
    if found.bbox.is_none() {
        let files = entry
            .map(|e| format!(" /datasets/{}/v/{}", e.dataset, e.version))
            .unwrap_or_default();
        return Err(WebError::NotFound(format!(
            "`{id}` has no location, so it is not a feature of {name}; it is in the version's files (GeoJSON, GeoPackage, Shapefile), linked from the collection as enclosure:{files}"
        )));
    }
    let mut body = in_crs(&found.feature, crs)?;
    let base = format!("{}/ogc/collections/{name}", base_url(&headers));
    let mut href = format!("{base}/items/{id}");
    if let Some(asked) = params.get("crs") {
        href.push('?');
        href.push_str(
            &form_urlencoded::Serializer::new(String::new())
                .append_pair("crs", asked)
                .finish(),
        );
    }
    body["links"] = json!([
        { "href": href, "rel": "self", "type": "application/geo+json" },
        { "href": base, "rel": "collection", "type": "application/json" },
    ]);
    Ok(with_crs(answer(body, "application/geo+json"), crs))
}

async fn api(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    check_params(&params, &[])?;
    let base = format!("{}/ogc", base_url(&headers));
    let query = |name: &str, description: &str, schema: Value| json!({ "name": name, "in": "query", "required": false, "description": description, "schema": schema, "style": "form", "explode": false });
    let f = query(
        "f",
        "the format: json (the only one)",
        json!({ "type": "string", "enum": ["json"] }),
    );
    let ok = |description: &str, media: &str| json!({ "200": { "description": description, "content": { media: { "schema": { "type": "object" } } } }, "400": { "description": "a parameter is unknown or malformed" }, "404": { "description": "no such collection or feature" } });
    let mut paths = serde_json::Map::new();
    paths.insert("/".into(), json!({ "get": { "operationId": "landing", "parameters": [f], "responses": ok("the landing page", "application/json") } }));
    paths.insert("/conformance".into(), json!({ "get": { "operationId": "conformance", "parameters": [f], "responses": ok("the conformance classes", "application/json") } }));
    paths.insert("/collections".into(), json!({ "get": { "operationId": "collections", "parameters": [f], "responses": ok("the collections", "application/json") } }));
    let uris: Vec<String> = offered(&state).iter().map(|c| c.uri()).collect();
    let crs = query(
        "crs",
        "the CRS of the geometries in the response (default CRS84, WGS 84 longitude, latitude); EPSG:4326 is latitude first",
        json!({ "type": "string", "format": "uri", "enum": uris }),
    );
    for kind in spatial_kinds(&state) {
        let name = &kind.name;
        let mut parameters = vec![
            query(
                "bbox",
                "the features whose box meets this one: west,south,east,north in WGS 84 degrees (CRS84), or in the axis order and units of bbox-crs; six numbers (with heights) are read for their four horizontal ones",
                json!({ "type": "array", "minItems": 4, "maxItems": 6, "items": { "type": "number" } }),
            ),
            query(
                "bbox-crs",
                "the CRS of bbox (default CRS84)",
                json!({ "type": "string", "format": "uri", "enum": uris }),
            ),
            crs.clone(),
            query(
                "limit",
                "features per page",
                json!({ "type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT }),
            ),
            query(
                "offset",
                "features to skip",
                json!({ "type": "integer", "minimum": 0, "default": 0 }),
            ),
            query(
                "datetime",
                "a date or an interval (2025-07-01/2026-06-30, ../2026-06-30); projects match by their start and end",
                json!({ "type": "string" }),
            ),
            f.clone(),
        ];
        for field in kind
            .schema
            .fields
            .iter()
            .filter(|f| crate::query::previewable(f))
        {
            parameters.push(query(
                &field.name,
                &format!("only features whose {} equals this", field.name),
                json!({ "type": "string" }),
            ));
        }
        paths.insert(format!("/collections/{name}"), json!({ "get": { "operationId": format!("describe_{name}"), "parameters": [f], "responses": ok("the collection", "application/json") } }));
        paths.insert(format!("/collections/{name}/items"), json!({ "get": { "operationId": format!("items_{name}"), "parameters": parameters, "responses": ok("features", "application/geo+json") } }));
        paths.insert(
            format!("/collections/{name}/items/{{featureId}}"),
            json!({ "get": { "operationId": format!("feature_{name}"), "parameters": [{ "name": "featureId", "in": "path", "required": true, "schema": { "type": "string" } }, crs, f], "responses": ok("one feature", "application/geo+json") } }),
        );
    }
    let doc = json!({
        "openapi": "3.0.3",
        "info": { "title": "disclose OGC API – Features", "version": env!("CARGO_PKG_VERSION") },
        "servers": [{ "url": base }],
        "paths": paths,
    });
    Ok(answer(doc, "application/vnd.oai.openapi+json;version=3.0"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datetimes_are_instants_or_open_or_closed_intervals() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        assert_eq!(
            parse_datetime("2025-07-01").unwrap(),
            (d("2025-07-01"), d("2025-07-01"))
        );
        assert_eq!(
            parse_datetime("2025-07-01T00:00:00Z/..").unwrap(),
            (d("2025-07-01"), None)
        );
        assert_eq!(
            parse_datetime("../2026-06-30").unwrap(),
            (None, d("2026-06-30"))
        );
        assert!(parse_datetime("2026-06-30/2025-07-01").is_err());
        assert!(parse_datetime("soon").is_err());
        assert!(parse_datetime("..").is_err());
    }

    #[test]
    fn bboxes_are_four_numbers_or_six_south_below_north() {
        let crs84 = geo_crs::crs84();
        assert_eq!(
            parse_bbox("37.1,-1.7,37.3,-1.5", crs84).unwrap(),
            [37.1, -1.7, 37.3, -1.5]
        );
        assert_eq!(
            parse_bbox("37.1,-1.7,0,37.3,-1.5,100", crs84).unwrap(),
            [37.1, -1.7, 37.3, -1.5]
        );
        assert!(parse_bbox("37.1,-1.5,37.3,-1.7", crs84).is_err());
        assert!(parse_bbox("1,2,3", crs84).is_err());
        assert!(parse_bbox("1,2,3,4,5", crs84).is_err());
        assert!(parse_bbox("a,b,c,d", crs84).is_err());
    }

    #[test]
    fn bboxes_in_epsg_4326_are_latitude_first_and_projected_ones_are_unprojected() {
        let wgs = geo_crs::lookup("EPSG:4326").unwrap();
        assert_eq!(
            parse_bbox("-1.7,37.1,-1.5,37.3", wgs).unwrap(),
            [37.1, -1.7, 37.3, -1.5]
        );
        // A longitude past 90° given first is out of range as a latitude.
        assert!(parse_bbox("100.1,-1.7,100.3,-1.5", wgs).is_err());
        let utm = geo_crs::lookup("EPSG:21037").unwrap();
        let [w, s, e, n] = parse_bbox("282975.13,9806758.30,349697.79,9873153.88", utm).unwrap();
        assert!(
            (w - 37.05).abs() < 1e-3 && (n + 1.15).abs() < 1e-3,
            "{w} {s} {e} {n}"
        );
        assert!(parse_bbox("349697,9806758,282975,9873153", utm).is_err());
    }
}
