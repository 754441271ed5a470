// The editor features' value types, for the LSP glue.
export type { CodeAction, TextEdit } from './codeActions';
export type { CompletionItem, CompletionList } from './completion';
export type { Hover } from './hover';
