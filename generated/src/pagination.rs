//! Walking the cursor-paginated list operations (`limit` + `starting_after`)
//! as streams of items. The spec does not say which field carries the next
//! cursor, so each walker is written here once, by hand: transactions continue
//! after the last item's `id`; report configurations and report metadata
//! answer with the next `starting_after`.

use crate::models;
use crate::operations::{ListReportMetadataParams, ListSettlementReportConfigsParams, ListTransactionsParams};
use crate::{Client, Error};
use futures_util::stream::{self, Stream, TryStreamExt};
use std::future::Future;

/// One page: its items and the cursor of the next page (`None`: last page).
struct Page<T> {
    items: Vec<T>,
    next: Option<String>,
}

/// Items of every page, fetching the next page only when the previous one
/// is consumed. Stops at an empty page, a missing cursor, or a cursor that
/// repeats (a server bug would otherwise loop forever).
fn walk<T, F, Fut>(mut fetch: F) -> impl Stream<Item = Result<T, Error>>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<Page<T>, Error>>,
{
    let state = Some(None::<String>);
    stream::try_unfold(state, move |state| {
        let request = state.map(|cursor| (cursor.clone(), fetch(cursor)));
        async move {
            let Some((cursor, page)) = request else { return Ok(None) };
            let page = page.await?;
            let next = match page.next {
                Some(next) if !page.items.is_empty() && Some(&next) != cursor.as_ref() => Some(Some(next)),
                _ => None,
            };
            Ok(Some((stream::iter(page.items.into_iter().map(Ok)), next)))
        }
    })
    .try_flatten()
}

/// [`walk`] for list operations that take a params struct with `starting_after`.
fn walk_params<P, T, F, Fut>(params: P, set_cursor: fn(&mut P, String), fetch: F) -> impl Stream<Item = Result<T, Error>>
where
    P: Clone,
    F: Fn(P) -> Fut,
    Fut: Future<Output = Result<Page<T>, Error>>,
{
    walk(move |cursor| {
        let mut params = params.clone();
        if let Some(cursor) = cursor {
            set_cursor(&mut params, cursor);
        }
        fetch(params)
    })
}

impl Client {
    /// Every transaction matching `params`, page by page (`params.limit`
    /// per request), continuing after the last transaction of each page.
    pub fn list_all_transactions(&self, params: ListTransactionsParams) -> impl Stream<Item = Result<models::Transaction, Error>> {
        let client = self.clone();
        walk_params(params, |p, cursor| p.starting_after = Some(cursor), move |params| {
            let client = client.clone();
            async move {
                let items = client.list_transactions().params(params).await?;
                let next = items.last().and_then(|t| t.id.clone());
                Ok(Page { items, next })
            }
        })
    }

    /// Every settlement report configuration of the account, page by page.
    pub fn list_all_settlement_report_configs(
        &self,
        account_id: impl Into<String>,
        params: ListSettlementReportConfigsParams,
    ) -> impl Stream<Item = Result<models::SettlementReportConfigItem, Error>> {
        let (client, account_id): (Client, String) = (self.clone(), account_id.into());
        walk_params(params, |p, cursor| p.starting_after = Some(cursor), move |params| {
            let (client, account_id) = (client.clone(), account_id.clone());
            async move {
                let page = client.list_settlement_report_configs(account_id).params(params).await?;
                Ok(Page { items: page.items.unwrap_or_default(), next: page.starting_after })
            }
        })
    }

    /// Metadata of every generated report of the account, page by page.
    pub fn list_all_report_metadata(
        &self,
        account_id: impl Into<String>,
        params: ListReportMetadataParams,
    ) -> impl Stream<Item = Result<models::ReportMetadata, Error>> {
        let (client, account_id): (Client, String) = (self.clone(), account_id.into());
        walk_params(params, |p, cursor| p.starting_after = Some(cursor), move |params| {
            let (client, account_id) = (client.clone(), account_id.clone());
            async move {
                let page = client.list_report_metadata(account_id).params(params).await?;
                Ok(Page { items: page.reports.unwrap_or_default(), next: page.starting_after })
            }
        })
    }
}
